/* Drawers (<details class="drawer">, e.g. the listing filters) start closed in the HTML, so
   on a phone the products come first. On wide screens, where the drawer is a column beside
   the content, this opens it (and follows the window across the breakpoint). Without this
   script the drawer is a button that opens it, at every width. */
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 48em)");
  function sync() {
    document.querySelectorAll("details.drawer").forEach(function (drawer) {
      drawer.open = wide.matches;
    });
  }
  sync();
  wide.addEventListener("change", sync);
})();
