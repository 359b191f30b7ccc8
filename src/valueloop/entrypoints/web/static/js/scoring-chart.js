// The value-vs-effort grid: each item a point, the fixed lines splitting it into four quadrants.
(function () {
  "use strict";

  const element = document.querySelector("[data-quadrant-chart]");
  if (!element) return;
  const data = JSON.parse(document.getElementById(element.dataset.quadrantChart).textContent);
  if (!window.Plotly) {
    element.textContent = "The chart could not be drawn; the items are listed by quadrant below.";
    return;
  }

  // Plotly reads a few HTML-like tags in labels; show user text literally.
  function plain(text) {
    return String(text || "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  const styles = window.getComputedStyle(document.documentElement);
  function color(name) {
    return styles.getPropertyValue(name).trim();
  }
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

  const layout = {
    margin: { l: 64, r: 16, t: 8, b: 56 },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { family: window.getComputedStyle(document.body).fontFamily, color: color("--text") },
    xaxis: { title: { text: "effort: " + plain(data.effort) }, range: range(efforts), gridcolor: color("--border"), zeroline: false },
    yaxis: { title: { text: "value: " + plain(data.value) }, range: range(values), gridcolor: color("--border"), zeroline: false },
    shapes: [line("x", data.effort_threshold), line("y", data.value_threshold)],
    legend: { orientation: "h", x: 0, y: -0.2 },
    hovermode: "closest",
  };
  window.Plotly.newPlot(element, traces, layout, {
    displaylogo: false,
    responsive: true,
    modeBarButtonsToRemove: ["lasso2d", "select2d"],
    toImageButtonOptions: { format: "png", filename: "value-vs-effort", scale: 2 },
  });
  // A point opens its item's prioritization page.
  element.on("plotly_click", function (event) {
    const point = event.points && event.points[0];
    if (point && point.customdata) window.location.href = "/items/" + point.customdata + "/prioritize";
  });
})();
