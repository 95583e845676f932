// Progressive enhancement only: every page works without this file.
// Styles that need the script (the phone menu's drawer) check for this class.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
  // Move focus to the error summary so screen-reader users hear it first.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});

// After an action the page comes back with #<part acted on>: put focus there,
// so keyboard and screen-reader users continue where they were.
document.addEventListener("DOMContentLoaded", function () {
  if (document.getElementById("error-summary") || !window.location.hash) {
    return;
  }
  var target = document.getElementById(window.location.hash.slice(1));
  if (target && target.getAttribute("tabindex") === "-1") {
    target.focus();
  }
});
