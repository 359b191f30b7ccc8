// The EBM dashboard's small trend charts and the portfolio's comparison, drawn with Plotly.
(function () {
  "use strict";

  const plots = window.valueloopPlots;
  const charts = document.querySelectorAll("[data-ebm-chart], [data-portfolio-chart]");
  if (plots.missing(charts, "The chart could not be drawn; download its data as CSV.")) return;
  const Plotly = window.Plotly;
  const color = plots.color;
  const plain = plots.plain;
  const font = Object.assign(plots.font(), { size: 11 });

  // The modebar offers only the two downloads: PNG (Plotly's own button) and SVG.
  function config(filename) {
    return plots.config(filename, {
      modeBarButtons: [["toImage", plots.svgButton(filename, "Download as SVG")]],
    });
  }

  function level(value, name, lineColor, dash) {
    return {
      type: "line", xref: "paper", x0: 0, x1: 1, yref: "y", y0: value, y1: value,
      line: { color: lineColor, dash: dash, width: 1.5 },
      label: { text: name, textposition: "end", yanchor: "bottom", font: { color: lineColor, size: 10 } },
    };
  }

  function drawTrend(element, data) {
    const values = data.values;
    const low = Math.min(data.baseline, data.target, ...values);
    const high = Math.max(data.baseline, data.target, ...values);
    const pad = (high - low || Math.abs(high) || 1) * 0.15;
    const trace = {
      x: data.dates,
      y: values,
      type: "scatter",
      mode: values.length > 1 ? "lines" : "markers",
      name: plain(data.name),
      line: { color: color("--accent"), width: 2 },
      marker: { size: 6 },
      hovertemplate: "%{x|%d %b %Y}: %{y}" + (data.unit ? " " + plain(data.unit) : "") + "<extra></extra>",
    };
    const last = {
      x: [data.dates[data.dates.length - 1]],
      y: [values[values.length - 1]],
      type: "scatter",
      mode: "markers",
      marker: { size: 7, color: color("--accent") },
      hoverinfo: "skip",
    };
    const layout = plots.layout({
      height: 170,
      margin: { l: 44, r: 10, t: 6, b: 26 },
      font: font,
      showlegend: false,
      xaxis: { type: "date", fixedrange: true, nticks: 4, gridcolor: plots.grid(), linecolor: plots.grid() },
      yaxis: { fixedrange: true, nticks: 4, range: [low - pad, high + pad], gridcolor: plots.grid(), zeroline: false },
      shapes: [
        level(data.target, "Target", color("--ok"), "dash"),
        level(data.baseline, "Baseline", color("--muted"), "dot"),
      ],
      hovermode: "closest",
    });
    return Plotly.newPlot(element, [trace, last], layout, config(data.filename));
  }

  function drawPortfolio(element, data) {
    const palette = ["--accent", "--ok", "--warn", "--danger", "--muted"].map(color);
    const traces = data.products.map(function (product, index) {
      return {
        type: "bar",
        name: plain(product.name),
        x: data.areas,
        y: product.progress,
        marker: { color: palette[index % palette.length], opacity: index < palette.length ? 1 : 0.6 },
        hovertemplate: plain(product.name) + " · %{x}: %{y}%<extra></extra>",
      };
    });
    const layout = plots.layout({
      height: 300,
      barmode: "group",
      margin: { l: 48, r: 10, t: 10, b: 40 },
      font: font,
      yaxis: { title: { text: "Mean progress to target (%)" }, range: [0, 100], fixedrange: true, gridcolor: plots.grid() },
      xaxis: { fixedrange: true },
      legend: { orientation: "h", x: 0, y: -0.15 },
    });
    return Plotly.newPlot(element, traces, layout, config(data.filename));
  }

  const source = document.getElementById("ebm-chart-data");
  if (source) {
    const trends = JSON.parse(source.textContent);
    document.querySelectorAll("[data-ebm-chart]").forEach(function (element) {
      const data = trends[element.dataset.ebmChart];
      if (data && data.values.length) drawTrend(element, data);
    });
  }
  const portfolio = document.querySelector("[data-portfolio-chart]");
  if (portfolio) {
    drawPortfolio(portfolio, JSON.parse(document.getElementById(portfolio.dataset.portfolioChart).textContent));
  }
})();
