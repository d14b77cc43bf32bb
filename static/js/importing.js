/* The import's pages work without JavaScript; this only moves focus to the error summary
   (GOV.UK pattern), so that a keyboard or screen reader user hears what went wrong first. */
(function () {
  "use strict";
  var summary = document.getElementById("felsammanfattning");
  if (summary) {
    summary.focus();
  }
})();
