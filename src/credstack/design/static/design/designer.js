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

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("design-form");
    if (form) { setupDesigner(form); }
    document.querySelectorAll("[data-copy]").forEach(setupCopy);
  });
})();
