// Draws each dashboard chart from its Vega-Lite spec (a json_script element).
// Progressive enhancement: the tables beside the charts are the content.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.vegaEmbed || !window.vegaExpressionInterpreter) {
    return;
  }
  document.querySelectorAll(".insights-chart[data-spec]").forEach(function (element) {
    var source = document.getElementById(element.getAttribute("data-spec"));
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    window
      .vegaEmbed(element, spec, {
        actions: false,
        // Canvas: the SVG renderer writes style attributes, which the CSP blocks.
        renderer: "canvas",
        // No eval and no injected <style>: the CSP allows neither.
        ast: true,
        expr: window.vegaExpressionInterpreter,
        defaultStyle: false,
        tooltip: false,
        config: { font: "IBM Plex Sans, Arial, sans-serif" },
      })
      .then(function (result) {
        // The container carries the text alternative; the drawing is decoration.
        var canvas = element.querySelector("canvas");
        if (canvas) {
          canvas.setAttribute("aria-hidden", "true");
        }
        element.classList.add("insights-chart--drawn");
        return result;
      })
      .catch(function () {
        element.classList.add("insights-chart--failed");
      });
  });
});
