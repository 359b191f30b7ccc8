// The value-vs-effort grid: each item a point, the fixed lines splitting it into four quadrants.
(function () {
  "use strict";

  const element = document.querySelector("[data-quadrant-chart]");
  if (!element) return;
  const data = JSON.parse(document.getElementById(element.dataset.quadrantChart).textContent);
  const plots = window.valueloopPlots;
  if (plots.missing([element], "The chart could not be drawn; the items are listed by quadrant below.")) return;
  const plain = plots.plain;
  const color = plots.color;
  const colors = {
    quick_win: color("--ok") || "#1a7f37",
    big_bet: color("--accent") || "#3056d3",
    fill_in: color("--muted") || "#6b7280",
    time_sink: color("--warn") || "#b45309",
  };

  const traces = Object.keys(colors).map(function (quadrant) {
    const points = data.points.filter(function (p) { return p.quadrant === quadrant; });
    return {
      type: "scatter",
      mode: "markers",
      name: data.labels[quadrant] + " (" + points.length + ")",
      x: points.map(function (p) { return p.effort; }),
      y: points.map(function (p) { return p.value; }),
      text: points.map(function (p) { return plain(p.title); }),
      customdata: points.map(function (p) { return p.id; }),
      marker: { size: 10, color: colors[quadrant], opacity: 0.85, line: { width: 1, color: "#fff" } },
      hovertemplate: "%{text}<br>value %{y}<br>effort %{x}<extra></extra>",
    };
  });

  function line(axis, value) {
    const along = axis === "x" ? { xref: "x", x0: value, x1: value, yref: "paper", y0: 0, y1: 1 }
      : { yref: "y", y0: value, y1: value, xref: "paper", x0: 0, x1: 1 };
    return Object.assign({ type: "line", line: { color: color("--border") || "#999", dash: "dash", width: 2 } }, along);
  }

  const efforts = data.points.map(function (p) { return p.effort; }).concat([data.effort_threshold]);
  const values = data.points.map(function (p) { return p.value; }).concat([data.value_threshold]);
  function range(list) {
    const low = Math.min.apply(null, list);
    const high = Math.max.apply(null, list);
    const pad = (high - low || Math.abs(high) || 1) * 0.08;
    return [low - pad, high + pad];
  }

  const layout = plots.layout({
    margin: { l: 64, r: 16, t: 8, b: 56 },
    xaxis: { title: { text: "effort: " + plain(data.effort) }, range: range(efforts), gridcolor: plots.grid(), zeroline: false },
    yaxis: { title: { text: "value: " + plain(data.value) }, range: range(values), gridcolor: plots.grid(), zeroline: false },
    shapes: [line("x", data.effort_threshold), line("y", data.value_threshold)],
    legend: { orientation: "h", x: 0, y: -0.2 },
    hovermode: "closest",
  });
  window.Plotly.newPlot(element, traces, layout, plots.config("value-vs-effort"));
  // A point (its customdata is the item's id) opens its item's prioritization page.
  plots.opensItem(element);
})();
