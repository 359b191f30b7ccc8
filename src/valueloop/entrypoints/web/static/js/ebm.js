// The EBM dashboard's small trend charts and the portfolio's comparison, drawn with Plotly.
(function () {
  "use strict";

  if (!window.Plotly) {
    document.querySelectorAll("[data-ebm-chart], [data-portfolio-chart]").forEach(function (element) {
      element.textContent = "The chart could not be drawn; download its data as CSV.";
    });
    return;
  }
  const Plotly = window.Plotly;
  const styles = window.getComputedStyle(document.documentElement);
  function color(name) {
    return styles.getPropertyValue(name).trim();
  }
  // Plotly reads a few HTML-like tags in labels; show user text literally.
  function plain(text) {
    return String(text || "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  const font = { family: window.getComputedStyle(document.body).fontFamily, color: color("--text"), size: 11 };

  // The modebar offers only the two downloads: PNG (Plotly's own button) and SVG.
  function config(filename) {
    return {
      displaylogo: false,
      responsive: true,
      toImageButtonOptions: { format: "png", filename: filename, scale: 2 },
      modeBarButtons: [[
        "toImage",
        {
          name: "Download as SVG",
          title: "Download as SVG",
          icon: Plotly.Icons.disk,
          click: function (gd) { Plotly.downloadImage(gd, { format: "svg", filename: filename }); },
        },
      ]],
    };
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
    const layout = {
      height: 170,
      margin: { l: 44, r: 10, t: 6, b: 26 },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      font: font,
      showlegend: false,
      xaxis: { type: "date", fixedrange: true, nticks: 4, gridcolor: color("--border"), linecolor: color("--border") },
      yaxis: { fixedrange: true, nticks: 4, range: [low - pad, high + pad], gridcolor: color("--border"), zeroline: false },
      shapes: [
        level(data.target, "Target", color("--ok"), "dash"),
        level(data.baseline, "Baseline", color("--muted"), "dot"),
      ],
      hovermode: "closest",
    };
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
    const layout = {
      height: 300,
      barmode: "group",
      margin: { l: 48, r: 10, t: 10, b: 40 },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      font: font,
      yaxis: { title: { text: "Mean progress to target (%)" }, range: [0, 100], fixedrange: true, gridcolor: color("--border") },
      xaxis: { fixedrange: true },
      legend: { orientation: "h", x: 0, y: -0.15 },
    };
    return Plotly.newPlot(element, traces, layout, config(data.filename));
  }

  const source = document.getElementById("ebm-chart-data");
  if (source) {
    const charts = JSON.parse(source.textContent);
    document.querySelectorAll("[data-ebm-chart]").forEach(function (element) {
      const data = charts[element.dataset.ebmChart];
      if (data && data.values.length) drawTrend(element, data);
    });
  }
  const portfolio = document.querySelector("[data-portfolio-chart]");
  if (portfolio) {
    drawPortfolio(portfolio, JSON.parse(document.getElementById(portfolio.dataset.portfolioChart).textContent));
  }
})();
