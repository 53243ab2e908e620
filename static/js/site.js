// Progressive enhancement only: the site works without this file.
(function () {
  "use strict";
  // After a boosted navigation swaps the main region, move focus there so screen readers and
  // keyboard users start at the new content (htmx updates the title and history itself).
  document.addEventListener("htmx:afterSettle", function (event) {
    var main = document.getElementById("main");
    if (main && event.detail && event.detail.boosted) {
      main.focus({ preventScroll: true });
    }
  });
})();
