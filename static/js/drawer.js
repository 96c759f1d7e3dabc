/* Disclosures marked data-open-wide (the listing's filter drawer, the header's category menu)
   start closed in the HTML, so on a phone the content comes first. On wide screens, where
   they sit beside or above the content, this opens them (and follows the window across the
   breakpoint), so their content is shown to everyone, screen readers included. Without this
   script each is a button that opens it. */
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 48em)");
  function sync() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = wide.matches;
    });
  }
  sync();
  wide.addEventListener("change", sync);
})();
