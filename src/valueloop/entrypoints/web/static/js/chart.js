// A measure's observations as a Plotly line chart, with its target and baseline as lines.
(function () {
  "use strict";

  const element = document.querySelector("[data-chart]");
  if (!element) return;
  const source = document.getElementById(element.dataset.chart);
  const data = JSON.parse(source.textContent);
  const plots = window.valueloopPlots;
  if (plots.missing([element], "The chart could not be drawn; the values are in the table below.")) return;
  const plain = plots.plain;
  const color = plots.color;

  const dates = data.dates;
  const day = 86400000;
  let first = Date.parse(dates[0]);
  let last = Date.parse(dates[dates.length - 1]);
  if (data.target_date && Date.parse(data.target_date) > last) last = Date.parse(data.target_date);
  if (last - first < 14 * day) {
    // Too few days to read as a line: give the axis a fortnight around the data.
    const middle = (first + last) / 2;
    first = middle - 7 * day;
    last = middle + 7 * day;
  }

  // Target and baseline span the whole plot, whatever the zoom (shapes with a legend entry).
  function level(value, name, lineColor, dash) {
    return {
      type: "line",
      xref: "paper",
      x0: 0,
      x1: 1,
      yref: "y",
      y0: value,
      y1: value,
      line: { color: lineColor, dash: dash, width: 2 },
      showlegend: true,
      name: name + " " + value,
      label: { text: name, textposition: "end", yanchor: "bottom", font: { color: lineColor, size: 12 } },
    };
  }

  const traces = [
    {
      x: dates,
      y: data.values,
      type: "scatter",
      mode: dates.length > 1 ? "lines+markers" : "markers",
      name: plain(data.name),
      line: { color: color("--accent"), width: 2.5 },
      marker: { size: 7 },
      hovertemplate: "%{x|%d %b %Y}: %{y}<extra></extra>",
    },
  ];
  const low = Math.min(data.baseline, data.target, ...data.values);
  const high = Math.max(data.baseline, data.target, ...data.values);
  const pad = (high - low || Math.abs(high) || 1) * 0.12;
  const layout = plots.layout({
    margin: { l: 56, r: 16, t: 8, b: 48 },
    xaxis: {
      type: "date",
      range: [new Date(first).toISOString(), new Date(last).toISOString()],
      gridcolor: plots.grid(),
      linecolor: plots.grid(),
    },
    yaxis: {
      title: { text: plain(data.unit) },
      range: [low - pad, high + pad],
      gridcolor: plots.grid(),
      zerolinecolor: plots.grid(),
    },
    shapes: [
      level(data.target, "Target", color("--ok"), "dash"),
      level(data.baseline, "Baseline", color("--muted"), "dot"),
    ],
    legend: { orientation: "h", x: 0, y: -0.18 },
    hovermode: "closest",
  });
  const filename = data.filename || "measure";
  window.Plotly.newPlot(element, traces, layout, plots.config(filename, {
    modeBarButtonsToAdd: [plots.svgButton(filename, "Download plot as an SVG")],
  }));
})();
