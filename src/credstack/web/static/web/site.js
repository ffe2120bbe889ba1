/* credstack: the one bit of progressive enhancement the layout needs.
   Without JavaScript the menu is simply shown in full on small screens; with it, the menu
   collapses behind a "Menu" button that announces its state (aria-expanded). */
(function () {
  "use strict";
  function init() {
    var button = document.querySelector(".nav-toggle");
    var header = document.querySelector(".site-header");
    if (!button || !header) { return; }
    button.hidden = false;
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("nav-open", open);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("nav-open")) {
        set(false);
        button.focus();
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
