// Progressive enhancement for the badge designer and the celebration page: live preview,
// colour pickers mirrored into the #RRGGBB fields, and the copy-link button.
(function () {
  "use strict";
  var HEX = /^#[0-9a-fA-F]{6}$/;

  function setupDesigner(form) {
    var target = document.getElementById("design-preview");
    var url = form.getAttribute("data-preview-url");
    var timer = null;
    function refresh() {
      var params = new URLSearchParams(new FormData(form));
      params.delete("csrfmiddlewaretoken");
      params.delete("action");
      fetch(url + "?" + params.toString(), { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) { target.innerHTML = html; });
    }
    function later() { clearTimeout(timer); timer = setTimeout(refresh, 250); }
    form.addEventListener("input", function (event) {
      var el = event.target;
      var forId = el.getAttribute("data-colour-for");
      if (forId) { document.getElementById(forId).value = el.value.toUpperCase(); }
      else if (el.id && HEX.test(el.value)) {
        var picker = form.querySelector('[data-colour-for="' + el.id + '"]');
        if (picker) { picker.value = el.value.toLowerCase(); }
      }
      later();
    });
    form.addEventListener("change", later);
    form.querySelectorAll("[data-clear]").forEach(function (button) {
      button.addEventListener("click", function () {
        document.getElementById(button.getAttribute("data-clear")).value = "";
        later();
      });
    });
  }

  function setupCopy(button) {
    button.addEventListener("click", function () {
      var id = button.getAttribute("data-copy");
      var input = document.getElementById(id);
      var status = document.querySelector('[data-copy-status="' + id + '"]');
      function done(ok) { if (status) { status.textContent = ok ? "Link copied." : "Select the link and copy it."; } }
      input.select();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(input.value).then(function () { done(true); }, function () { done(document.execCommand("copy")); });
      } else { done(document.execCommand("copy")); }
    });
  }

  // The celebration's counted copy button: copy at once, then count the share with a POST
  // (the form's CSRF token) answered in JSON. Without JavaScript the form posts normally.
  function setupCountedCopy(button) {
    var id = button.getAttribute("data-share-copy");
    var input = document.getElementById(id);
    var status = document.querySelector('[data-share-status="' + id + '"]');
    var form = button.form;
    if (!input || !form) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      input.select();
      function copied(ok) {
        if (status) { status.textContent = ok ? "Link copied." : "Select the link and copy it."; }
        fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { "Accept": "application/json" },
          credentials: "same-origin"
        }).catch(function () { /* the link is copied; the count is best effort */ });
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(input.value).then(function () { copied(true); }, function () { copied(document.execCommand("copy")); });
      } else { copied(document.execCommand("copy")); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("design-form");
    if (form) { setupDesigner(form); }
    document.querySelectorAll("[data-copy]").forEach(setupCopy);
    document.querySelectorAll("[data-share-copy]").forEach(setupCountedCopy);
  });
})();
