// Download buttons under a chart: PNG or SVG drawn in the browser by Plotly (works offline).
(function () {
  "use strict";

  if (!window.Plotly) return;  // no chart was drawn; the CSV links still work
  document.querySelectorAll("[data-export-target]").forEach(function (button) {
    const chart = document.getElementById(button.dataset.exportTarget);
    if (!chart) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      if (!chart.classList.contains("js-plotly-plot")) return;
      const format = button.dataset.exportFormat;
      const options = chart._context && chart._context.toImageButtonOptions || {};
      window.Plotly.downloadImage(chart, {
        format: format,
        filename: options.filename || "chart",
        scale: format === "png" ? 2 : 1,
      }).then(function () {
        if (window.valueloop) window.valueloop.announce(format.toUpperCase() + " downloaded.");
      });
    });
  });
})();
