// Calibration: each measured item's predicted against measured impact, one series per framework
// (or per estimator, or the predicted-impact estimates in the measure's units), with y = x.
(function () {
  "use strict";

  const element = document.querySelector("[data-calibration-chart]");
  if (!element) return;
  const data = JSON.parse(document.getElementById(element.dataset.calibrationChart).textContent);
  const choice = document.querySelector("[data-calibration-by]");
  const plots = window.valueloopPlots;
  if (plots.missing([element], "The chart could not be drawn; the groups are in the tables below.")) {
    if (choice) choice.disabled = true;
    return;
  }
  const plain = plots.plain;
  const color = plots.color;
  const palette = ["--accent", "--ok", "--warn", "--danger", "--muted"].map(function (name, i) {
    return color(name, ["#3056d3", "#1a7f37", "#b45309", "#b42318", "#6b7280"][i]);
  }).concat(["#7c3aed", "#0e7490", "#be185d"]);

  function marker(i) {
    return { size: 10, color: palette[i % palette.length], opacity: 0.8, line: { width: 1, color: "#fff" } };
  }

  // Scores and impacts scaled 0–1, one trace per framework or estimator.
  function grouped(by) {
    const legends = data.groups[by];
    return Object.keys(legends).map(function (key, i) {
      const points = data.points.filter(function (p) { return p[by] === key; });
      return {
        type: "scatter",
        mode: "markers",
        name: plain(legends[key]),
        x: points.map(function (p) { return p.x; }),
        y: points.map(function (p) { return p.y; }),
        text: points.map(function (p) { return plain(p.title); }),
        customdata: points.map(function (p) {
          return [p.item_id, plain(p.framework), plain(p.estimator), p.score, p.measured];
        }),
        marker: marker(i),
        hovertemplate: "%{text}<br>%{customdata[1]} score %{customdata[3]} (scaled %{x:.2f})" +
          "<br>measured %{customdata[4]} (scaled %{y:.2f})<br>estimated by %{customdata[2]}<extra></extra>",
      };
    });
  }

  // The predicted-impact estimate against the measured impact, both in the measure's units.
  function impacts() {
    return [{
      type: "scatter",
      mode: "markers",
      name: "Predicted impact (" + data.impacts.length + ")",
      x: data.impacts.map(function (p) { return p.x; }),
      y: data.impacts.map(function (p) { return p.y; }),
      text: data.impacts.map(function (p) { return plain(p.title); }),
      customdata: data.impacts.map(function (p) { return [p.item_id]; }),
      marker: marker(0),
      hovertemplate: "%{text}<br>predicted %{x}<br>measured %{y}<extra></extra>",
    }];
  }

  function draw(by) {
    const traces = by === "impact" ? impacts() : grouped(by);
    const scaled = by !== "impact";
    let low = 0;
    let high = 1;
    if (!scaled) {
      const all = data.impacts.map(function (p) { return p.x; })
        .concat(data.impacts.map(function (p) { return p.y; }));
      low = Math.min.apply(null, all);
      high = Math.max.apply(null, all);
    }
    const pad = (high - low || Math.abs(high) || 1) * 0.06;
    const range = [low - pad, high + pad];
    const grid = plots.grid("#ddd");
    const layout = plots.layout({
      margin: { l: 64, r: 16, t: 8, b: 56 },
      font: plots.font("#111"),
      xaxis: {
        title: { text: scaled ? "predicted: score at commit, scaled 0–1" : "predicted impact" },
        range: range, gridcolor: grid, zeroline: false,
      },
      yaxis: {
        title: { text: scaled ? "measured impact, scaled 0–1" : "measured impact" },
        range: range, gridcolor: grid, zeroline: false,
      },
      shapes: [{
        type: "line", xref: "x", yref: "y", x0: range[0], y0: range[0], x1: range[1], y1: range[1],
        line: { color: color("--muted", "#6b7280"), dash: "dash", width: 1.5 }, layer: "below",
      }],
      annotations: [{
        x: low + (high - low) * 0.92, y: low + (high - low) * 0.92,
        xanchor: "right", yanchor: "bottom", showarrow: false,
        text: "y = x", font: { color: color("--muted", "#6b7280") },
      }],
      legend: { orientation: "h", x: 0, y: -0.2 },
      hovermode: "closest",
    });
    window.Plotly.react(element, traces, layout, plots.config("calibration-" + by));
    element.dataset.series = by;
  }

  draw(choice ? choice.value : "framework");
  if (choice) choice.addEventListener("change", function () { draw(choice.value); });
  // A point (its customdata starts with the item's id) opens its item's prioritization page.
  plots.opensItem(element, 0);
})();
