// The story map: drag a story to another cell (a task in a release slice) with mouse, pen or
// touch, or move it from the keyboard (Alt+←/→: neighbouring task, Alt+↑/↓: slice above or
// below). Each move calls POST /api/v1/story-placements/{id}/move; without scripts each story's
// Move form does the same through the page. The dragging itself is in drag_cards.js.
(function () {
  "use strict";

  const map = document.querySelector("[data-story-map][data-can-edit]");
  if (!map || !window.valueloop || !window.valueloop.dragCards) return;
  // The cells row by row (one row per slice), each row left to right.
  const rows = Array.from(map.querySelectorAll("tbody")).map(function (body) {
    return Array.from(body.querySelectorAll(".sm-cell"));
  }).filter(function (row) { return row.length; });
  const cells = rows.flat();
  if (!cells.length) return;

  function where(cell) {
    for (let r = 0; r < rows.length; r += 1) {
      const c = rows[r].indexOf(cell);
      if (c >= 0) return { row: r, column: c };
    }
    return null;
  }

  window.valueloop.dragCards({
    root: map,
    status: document.querySelector("[data-map-status]"),
    card: ".sm-card",
    ignore: "select, button, input, summary",
    dropList: function (under) {
      const box = under.closest(".sm-cell-box");
      return box && box.querySelector(".sm-cell");
    },
    // Alt+←/→: the neighbouring task, Alt+↑/↓: the slice above or below (at the bottom).
    keyMove: function (card, key) {
      const at = where(card.parentElement);
      if (!at) return false;
      let target = null;
      if (key === "ArrowLeft" || key === "ArrowRight") {
        target = rows[at.row][at.column + (key === "ArrowLeft" ? -1 : 1)];
      } else if (key === "ArrowUp" || key === "ArrowDown") {
        const row = rows[at.row + (key === "ArrowUp" ? -1 : 1)];
        target = row && row[at.column];
      }
      if (!target) return false;
      target.appendChild(card);
      return true;
    },
    // Save the story's new cell and place: after the story above it, before the one below, or
    // at the bottom; the story's Move form then shows the new cell.
    save: async function (card) {
      const cell = card.parentElement;
      const above = card.previousElementSibling;
      const below = card.nextElementSibling;
      const body = {
        task_id: Number(cell.dataset.taskId),
        slice_id: cell.dataset.sliceId ? Number(cell.dataset.sliceId) : null,
      };
      if (above) body.after_id = Number(above.dataset.placementId);
      else if (below) body.before_id = Number(below.dataset.placementId);
      await window.valueloop.api(
        "POST", "/api/v1/story-placements/" + card.dataset.placementId + "/move", body);
      const select = card.querySelector("[data-move-form] select");
      if (select) select.value = cell.dataset.taskId + ":" + (cell.dataset.sliceId || "");
    },
    placeName: function (cell) { return cell.getAttribute("aria-label"); },
  });
})();
