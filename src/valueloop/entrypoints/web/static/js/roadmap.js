// The roadmap board: drag a card to another lane or place (mouse, pen or touch), or move it
// from the keyboard (Alt+arrows), through drag_cards.js. Each move calls
// POST /api/v1/items/{id}/lane. Also the timeline's SVG and PNG downloads, drawn in the browser
// from the inline SVG (works offline).
(function () {
  "use strict";

  setUpExports();
  const board = document.querySelector("[data-roadmap][data-can-plan]");
  if (!board || !window.valueloop || !window.valueloop.dragCards) return;
  const lists = Array.from(board.querySelectorAll(".road-list[data-lane]"));
  if (!lists.length) return;  // grouped lanes: the Move buttons do the work
  board.classList.add("is-scripted");
  const laneNames = {};
  lists.forEach(function (list) { laneNames[list.dataset.lane] = list.getAttribute("aria-label"); });

  function recount() {
    lists.forEach(function (list) {
      const count = list.closest(".road-lane").querySelector("h3 .muted");
      if (count) count.textContent = String(list.querySelectorAll(":scope > .road-card").length);
    });
  }

  window.valueloop.dragCards({
    root: board,
    status: document.querySelector("[data-roadmap-status]"),
    card: ".road-card",
    ignore: "select, button, input",
    dropList: function (under) {
      const lane = under.closest(".road-lane");
      return lane && lane.querySelector(".road-list[data-lane]");
    },
    // Alt+←/→ to the neighbouring lane (at its end), Alt+↑/↓ within the lane.
    keyMove: function (card, key) {
      const list = card.parentElement;
      const next = card.nextElementSibling;
      if (key === "ArrowLeft" || key === "ArrowRight") {
        const other = lists[lists.indexOf(list) + (key === "ArrowLeft" ? -1 : 1)];
        if (!other) return false;
        other.appendChild(card);
      } else if (key === "ArrowUp" && card.previousElementSibling) {
        list.insertBefore(card, card.previousElementSibling);
      } else if (key === "ArrowDown" && next) {
        list.insertBefore(card, next.nextElementSibling);
      } else {
        return false;
      }
      return true;
    },
    // Save the card's new place: after the card above it, before the one below, or at the end.
    save: function (card) {
      const lane = card.parentElement.dataset.lane || null;
      const above = card.previousElementSibling;
      const below = card.nextElementSibling;
      const body = { lane: lane };
      if (lane && above) body.after_id = Number(above.dataset.itemId);
      else if (lane && below) body.before_id = Number(below.dataset.itemId);
      return window.valueloop.api("POST", "/api/v1/items/" + card.dataset.itemId + "/lane", body);
    },
    placeName: function (list) { return laneNames[list.dataset.lane]; },
    after: recount,
  });

  function setUpExports() {
    document.querySelectorAll("[data-svg-export]").forEach(function (button) {
      const svg = document.getElementById(button.dataset.svgExport);
      if (!svg) return;
      button.hidden = false;
      button.addEventListener("click", function () { download(svg, button.dataset.format); });
    });
  }

  function save(blob, name) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function download(svg, format) {
    const name = (svg.dataset.filename || "roadmap").replace(/[^A-Za-z0-9._-]+/g, "-").toLowerCase();
    const text = new XMLSerializer().serializeToString(svg);
    const blob = new Blob([text], { type: "image/svg+xml;charset=utf-8" });
    if (format === "svg") {
      save(blob, name + ".svg");
      return;
    }
    const box = svg.viewBox.baseVal;
    const image = new Image();
    const url = URL.createObjectURL(blob);
    image.onload = function () {
      const canvas = document.createElement("canvas");
      canvas.width = box.width * 2;
      canvas.height = box.height * 2;
      const context = canvas.getContext("2d");
      context.scale(2, 2);
      context.drawImage(image, 0, 0, box.width, box.height);
      URL.revokeObjectURL(url);
      canvas.toBlob(function (png) { save(png, name + ".png"); }, "image/png");
    };
    image.src = url;
  }
})();
