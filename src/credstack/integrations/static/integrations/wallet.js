// The wallet's copy buttons: copy the public link to the clipboard and count the share with a
// POST (the form's own CSRF token) answered in JSON. Without JavaScript the form posts normally.
(function () {
  "use strict";
  function setup(button) {
    var id = button.getAttribute("data-share-copy");
    var input = document.getElementById(id);
    var status = document.querySelector('[data-share-status="' + id + '"]');
    var form = button.form;
    if (!input || !form) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      input.select();
      function say(text) { if (status) { status.textContent = text; } }
      function count() {
        return fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { "Accept": "application/json" },
          credentials: "same-origin"
        });
      }
      function copied(ok) {
        say(ok ? "Link copied." : "Select the link and copy it.");
        count().catch(function () { /* the link is copied; the count is best effort */ });
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () { copied(true); }, function () { copied(document.execCommand("copy")); });
      } else {
        copied(document.execCommand("copy"));
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-share-copy]").forEach(setup);
  });
})();
