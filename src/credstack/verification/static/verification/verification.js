// The verifier's drop zone: progressive enhancement over the ordinary file input. Without
// JavaScript the form still works (choose a file, press Verify); with it, a file dropped on
// the zone is put into the file input and the form is submitted.
(function () {
  "use strict";
  function enhance(zone) {
    var input = zone.querySelector('input[type="file"]');
    var form = zone.closest("form");
    if (!input || !form) return;
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("is-over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("is-over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      input.files = event.dataTransfer.files;
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
    input.addEventListener("change", function () {
      if (input.files && input.files.length) {
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-dropzone]").forEach(enhance);
    document.querySelectorAll(".copy-field").forEach(function (field) {
      field.addEventListener("focus", function () { field.select(); });
    });
  });
})();
