// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Close an open dropdown when clicking elsewhere.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.dropdown[open]").forEach(function (d) {
      if (!d.contains(event.target)) d.removeAttribute("open");
    });
  });
  // Let a flash message fade after a while.
  var flash = document.getElementById("flash");
  if (flash && flash.classList.contains("flash-success")) {
    setTimeout(function () { flash.classList.add("flash-fade"); }, 6000);
  }
})();
