// The opportunity landscape (Ulwick): importance (y) against satisfaction (x), each rated desired
// outcome a point, with the diagonal and the under-served and over-served regions shaded.
(function () {
  "use strict";

  const element = document.querySelector("[data-landscape-chart]");
  if (!element) return;
  const data = JSON.parse(document.getElementById(element.dataset.landscapeChart).textContent);
  const plots = window.valueloopPlots;
  if (plots.missing([element], "The chart could not be drawn; the rated outcomes are listed in the table below.")) return;
  const plain = plots.plain;
  const color = plots.color;
  const colors = {
    under_served: color("--warn", "#b45309"),
    appropriately_served: color("--muted", "#6b7280"),
    over_served: color("--accent", "#3056d3"),
  };
  const traces = Object.keys(colors).map(function (served) {
    const points = data.points.filter(function (p) { return p.served === served; });
    return {
      type: "scatter",
      mode: "markers",
      name: plain(data.labels[served]) + " (" + points.length + ")",
      x: points.map(function (p) { return p.satisfaction; }),
      y: points.map(function (p) { return p.importance; }),
      text: points.map(function (p) { return plain(p.statement); }),
      customdata: points.map(function (p) { return [p.opportunity, plain(p.job), p.id]; }),
      marker: { size: 11, color: colors[served], opacity: 0.85, line: { width: 1, color: "#fff" } },
      hovertemplate: "%{text}<br>%{customdata[1]}<br>importance %{y}, satisfaction %{x}<br>opportunity %{customdata[0]}<extra></extra>",
    };
  });
  // Under-served: importance + (importance − satisfaction) ≥ 10, i.e. satisfaction ≤ 2·importance − 10.
  const t = data.under_served_at;
  const shapes = [
    { type: "path", path: "M 0 " + t / 2 + " L 0 10 L 10 10 Z", fillcolor: colors.under_served, opacity: 0.08, line: { width: 0 }, layer: "below" },
    { type: "path", path: "M 0 0 L 10 0 L 10 10 Z", fillcolor: colors.over_served, opacity: 0.08, line: { width: 0 }, layer: "below" },
    { type: "line", x0: 0, y0: 0, x1: 10, y1: 10, line: { color: colors.appropriately_served, dash: "dot", width: 1 } },
    { type: "line", x0: 0, y0: t / 2, x1: 10, y1: 10, line: { color: colors.under_served, dash: "dash", width: 1 } },
  ];
  const annotations = [
    { x: 1.5, y: 9.6, text: "under-served", showarrow: false, font: { color: colors.under_served } },
    { x: 8.5, y: 1, text: "over-served", showarrow: false, font: { color: colors.over_served } },
  ];
  const layout = plots.layout({
    height: 440,
    margin: { l: 56, r: 16, t: 10, b: 48 },
    font: plots.font("#111"),
    xaxis: { title: { text: "Satisfaction (0–10)" }, range: [0, 10.2], gridcolor: plots.grid("#ddd"), zeroline: false },
    yaxis: { title: { text: "Importance (0–10)" }, range: [0, 10.2], gridcolor: plots.grid("#ddd"), zeroline: false },
    legend: { orientation: "h", y: -0.18 },
    shapes: shapes,
    annotations: annotations,
  });
  window.Plotly.newPlot(element, traces, layout, plots.config(data.filename));
  element.on("plotly_click", function (event) {
    const target = document.getElementById("outcome-" + event.points[0].customdata[2]);
    if (target) target.scrollIntoView({ behavior: "smooth", block: "center" });
  });
})();
