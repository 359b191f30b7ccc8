// What the Plotly charts share (chart.js, ebm.js, landscape.js, scoring-chart.js,
// calibration-chart.js): user text shown literally, the theme's colours, the layout basics, the
// modebar config, the message where Plotly is missing, and a point that opens its item.
// Load it (defer) before the chart's own script.
(function () {
  "use strict";

  const TRANSPARENT = "rgba(0,0,0,0)";

  // Plotly reads a few HTML-like tags in labels; show user text literally.
  function plain(text) {
    return String(text || "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // A CSS custom property of the theme; `fallback` (or "") where the page does not set it.
  function color(name, fallback) {
    const value = window.getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback || "";
  }

  // The page's font in the theme's text colour.
  function font(fallback) {
    return { family: window.getComputedStyle(document.body).fontFamily, color: color("--text", fallback) };
  }

  // The theme's colour for grid and axis lines.
  function grid(fallback) {
    return color("--border", fallback);
  }

  // A layout on a transparent background in the page's font; `fields` add to it or replace parts.
  function layout(fields) {
    return Object.assign({ paper_bgcolor: TRANSPARENT, plot_bgcolor: TRANSPARENT, font: font() }, fields);
  }

  // No Plotly logo, no lasso or box select, and the PNG download named `filename` at twice the
  // size (chart-export.js reads the name too); `fields` add to it or replace parts.
  function config(filename, fields) {
    return Object.assign({
      displaylogo: false,
      responsive: true,
      modeBarButtonsToRemove: ["lasso2d", "select2d"],
      toImageButtonOptions: { format: "png", filename: filename, scale: 2 },
    }, fields);
  }

  // A modebar button that downloads the chart as an SVG named `filename`.
  function svgButton(filename, title) {
    return {
      name: "Download as SVG",
      title: title,
      icon: window.Plotly.Icons.disk,
      click: function (gd) { window.Plotly.downloadImage(gd, { format: "svg", filename: filename }); },
    };
  }

  // Without Plotly (not installed, or blocked) each of `elements` says `message` instead of a
  // chart; true then, and the caller draws nothing.
  function missing(elements, message) {
    if (window.Plotly) return false;
    Array.prototype.forEach.call(elements, function (element) { element.textContent = message; });
    return true;
  }

  // A click on a point opens its item's prioritization page: the item's id is the point's
  // customdata, or its entry `index` where customdata is a list.
  function opensItem(element, index) {
    element.on("plotly_click", function (event) {
      const point = event.points && event.points[0];
      if (!point || !point.customdata) return;
      const id = index === undefined ? point.customdata : point.customdata[index];
      window.location.href = "/items/" + id + "/prioritize";
    });
  }

  window.valueloopPlots = Object.freeze({
    plain: plain,
    color: color,
    font: font,
    grid: grid,
    layout: layout,
    config: config,
    svgButton: svgButton,
    missing: missing,
    opensItem: opensItem,
  });
})();
