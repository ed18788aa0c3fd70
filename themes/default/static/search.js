// Search page: Pagefind's own interface over this site's index (no other site is asked).
window.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || !window.PagefindUI) { return; }
  var note = document.getElementById("search-needs-js");
  if (note) { note.hidden = true; }
  new window.PagefindUI({
    element: "#search",
    bundlePath: box.dataset.bundle,
    showImages: false,
    showSubResults: true,
    resetStyles: false
  });
});
