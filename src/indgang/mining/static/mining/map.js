// Zoom and pan for the process map (progressive enhancement; CSP-safe, no inline code).
// The SVG fits the page by its viewBox; zooming and panning move the viewBox.
(function () {
  "use strict";
  function setup(region) {
    var svg = region.querySelector("svg");
    if (!svg) { return; }
    var full = { x: 0, y: 0, w: parseFloat(svg.dataset.width), h: parseFloat(svg.dataset.height) };
    var box = { x: full.x, y: full.y, w: full.w, h: full.h };
    function apply() {
      svg.setAttribute("viewBox", [box.x, box.y, box.w, box.h].map(function (v) { return v.toFixed(1); }).join(" "));
    }
    function zoom(factor, cx, cy) {
      var w = Math.min(full.w * 1.2, Math.max(80, box.w * factor));
      var h = box.h * (w / box.w);
      if (cx === undefined) { cx = box.x + box.w / 2; cy = box.y + box.h / 2; }
      box.x = cx - (cx - box.x) * (w / box.w);
      box.y = cy - (cy - box.y) * (h / box.h);
      box.w = w; box.h = h;
      apply();
    }
    function fit() { box = { x: full.x, y: full.y, w: full.w, h: full.h }; apply(); }
    function pan(dx, dy) { box.x += dx; box.y += dy; apply(); }
    var tools = region.previousElementSibling;
    if (tools && tools.classList.contains("mining-map-tools")) {
      tools.hidden = false;
      tools.addEventListener("click", function (event) {
        var action = event.target.getAttribute("data-map-zoom");
        if (action === "in") { zoom(0.7); } else if (action === "out") { zoom(1 / 0.7); } else if (action === "fit") { fit(); }
      });
    }
    function point(event) {
      var rect = svg.getBoundingClientRect();
      var scale = Math.max(box.w / rect.width, box.h / rect.height);
      return { scale: scale, x: box.x + (event.clientX - rect.left) * scale, y: box.y + (event.clientY - rect.top) * scale };
    }
    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var p = point(event);
      zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
    }, { passive: false });
    var drag = null;
    svg.addEventListener("pointerdown", function (event) {
      drag = { x: event.clientX, y: event.clientY, scale: point(event).scale };
      svg.setPointerCapture(event.pointerId);
    });
    svg.addEventListener("pointermove", function (event) {
      if (!drag) { return; }
      pan((drag.x - event.clientX) * drag.scale, (drag.y - event.clientY) * drag.scale);
      drag.x = event.clientX; drag.y = event.clientY;
    });
    svg.addEventListener("pointerup", function () { drag = null; });
    region.addEventListener("keydown", function (event) {
      var step = box.w / 10;
      var keys = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (keys[event.key]) { event.preventDefault(); pan(keys[event.key][0], keys[event.key][1]); }
      else if (event.key === "+" || event.key === "=") { zoom(0.7); }
      else if (event.key === "-") { zoom(1 / 0.7); }
      else if (event.key === "0") { fit(); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), setup);
  });
})();
