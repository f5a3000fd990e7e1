// Sésame's small enhancements; every page works without them.
(function () {
  "use strict";
  // After a refused form, put the keyboard on the first field in error so the
  // message next to it is read out.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector(".is-invalid");
    if (invalid) { invalid.focus(); }
  });
})();
