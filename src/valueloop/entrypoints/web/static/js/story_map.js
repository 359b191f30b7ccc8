// The story map: drag a story to another cell (a task in a release slice) with mouse, pen or
// touch, or move it from the keyboard (Alt+←/→: neighbouring task, Alt+↑/↓: slice above or
// below). Each move calls POST /api/v1/story-placements/{id}/move; without scripts each story's
// Move form does the same through the page.
(function () {
  "use strict";

  const map = document.querySelector("[data-story-map][data-can-edit]");
  if (!map || !window.valueloop) return;
  const status = document.querySelector("[data-map-status]");
  // The cells row by row (one row per slice), each row left to right.
  const rows = Array.from(map.querySelectorAll("tbody")).map(function (body) {
    return Array.from(body.querySelectorAll(".sm-cell"));
  }).filter(function (row) { return row.length; });
  const cells = rows.flat();
  if (!cells.length) return;

  function say(text, isError) {
    if (status) {
      status.textContent = text;
      status.classList.toggle("is-error", Boolean(isError));
    }
    window.valueloop.announce(text);
  }

  function cardsOf(cell) {
    return Array.from(cell.querySelectorAll(":scope > .sm-card"));
  }

  function where(cell) {
    for (let r = 0; r < rows.length; r += 1) {
      const c = rows[r].indexOf(cell);
      if (c >= 0) return { row: r, column: c };
    }
    return null;
  }

  // Save the story's new cell and place: after the story above it, before the one below, or at
  // the bottom; on failure put it back.
  async function persist(card, undo) {
    const cell = card.parentElement;
    const above = card.previousElementSibling;
    const below = card.nextElementSibling;
    const body = {
      task_id: Number(cell.dataset.taskId),
      slice_id: cell.dataset.sliceId ? Number(cell.dataset.sliceId) : null,
    };
    if (above) body.after_id = Number(above.dataset.placementId);
    else if (below) body.before_id = Number(below.dataset.placementId);
    card.setAttribute("aria-busy", "true");
    try {
      await window.valueloop.api(
        "POST", "/api/v1/story-placements/" + card.dataset.placementId + "/move", body);
      const select = card.querySelector("[data-move-form] select");
      if (select) select.value = cell.dataset.taskId + ":" + (cell.dataset.sliceId || "");
      say("Moved “" + card.dataset.title + "” to " + cell.getAttribute("aria-label") +
        ", position " + (cardsOf(cell).indexOf(card) + 1) + ".");
      card.classList.remove("moved");
      void card.offsetWidth;  // restart the highlight animation
      card.classList.add("moved");
    } catch (error) {
      undo();
      say("Could not move “" + card.dataset.title + "”: " + error.message, true);
    } finally {
      card.removeAttribute("aria-busy");
    }
  }

  function placeAt(card, cell, y) {
    let target = null;
    for (const other of cardsOf(cell)) {
      if (other === card) continue;
      const box = other.getBoundingClientRect();
      if (y < box.top + box.height / 2) {
        target = other;
        break;
      }
    }
    if (card.parentElement !== cell || target !== card.nextElementSibling) {
      cell.insertBefore(card, target);
    }
  }

  // A press becomes a drag after it moves a few pixels, so a click on the title still opens it.
  let press = null;

  map.addEventListener("dragstart", function (event) { event.preventDefault(); });

  map.addEventListener("pointerdown", function (event) {
    const card = event.target.closest(".sm-card");
    if (!card || event.button !== 0 || event.target.closest("select, button, input, summary")) {
      return;
    }
    press = {
      card: card, pointer: event.pointerId, x: event.clientX, y: event.clientY,
      cell: card.parentElement, next: card.nextElementSibling, dragging: false,
    };
  });

  document.addEventListener("pointermove", function (event) {
    if (!press || event.pointerId !== press.pointer) return;
    if (!press.dragging) {
      if (Math.abs(event.clientX - press.x) + Math.abs(event.clientY - press.y) < 6) return;
      press.dragging = true;
      press.card.classList.add("dragging");
      document.body.classList.add("is-dragging");
    }
    event.preventDefault();
    const under = document.elementFromPoint(event.clientX, event.clientY);
    const box = under && under.closest(".sm-cell-box");
    const cell = box && box.querySelector(".sm-cell");
    if (cell && map.contains(cell)) placeAt(press.card, cell, event.clientY);
  });

  function finish(event) {
    if (!press || event.pointerId !== press.pointer) return;
    const drag = press;
    press = null;
    if (!drag.dragging) return;
    drag.card.classList.remove("dragging");
    document.body.classList.remove("is-dragging");
    // The release of a drag is not a click on the title link.
    window.addEventListener("click", function swallow(click) {
      click.preventDefault();
      click.stopPropagation();
    }, { capture: true, once: true });
    window.setTimeout(function () { window.dispatchEvent(new Event("click")); }, 0);
    const undo = function () { drag.cell.insertBefore(drag.card, drag.next); };
    if (event.type === "pointercancel") {
      undo();
    } else if (drag.card.parentElement !== drag.cell || drag.card.nextElementSibling !== drag.next) {
      persist(drag.card, undo);
    }
  }

  document.addEventListener("pointerup", finish);
  document.addEventListener("pointercancel", finish);

  map.addEventListener("keydown", function (event) {
    const card = event.target.closest(".sm-card");
    if (!card || event.target !== card || !event.altKey) return;
    const cell = card.parentElement;
    const next = card.nextElementSibling;
    const at = where(cell);
    if (!at) return;
    let target = null;
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      target = rows[at.row][at.column + (event.key === "ArrowLeft" ? -1 : 1)];
    } else if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      const row = rows[at.row + (event.key === "ArrowUp" ? -1 : 1)];
      target = row && row[at.column];
    }
    if (!target) return;
    event.preventDefault();
    target.appendChild(card);
    card.focus();
    persist(card, function () { cell.insertBefore(card, next); });
  });
})();
