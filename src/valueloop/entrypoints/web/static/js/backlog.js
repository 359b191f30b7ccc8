// Ranking the backlog by hand: drag a row by its handle (mouse, pen or touch), or use the
// move buttons / arrow keys on the handle. Each move calls POST /api/v1/items/{id}/move.
(function () {
  "use strict";

  const list = document.querySelector("[data-backlog][data-can-rank]");
  if (!list || !window.valueloop) return;
  const status = document.querySelector("[data-backlog-status]");
  const start = parseInt(list.getAttribute("start") || "1", 10);

  function rows() {
    return Array.from(list.querySelectorAll(":scope > .item-row"));
  }

  function titleOf(row) {
    return row.querySelector(".item-title").textContent;
  }

  function say(text, isError) {
    if (status) {
      status.textContent = text;
      status.classList.toggle("is-error", Boolean(isError));
    }
    window.valueloop.announce(text);
  }

  function renumber() {
    const all = rows();
    all.forEach(function (row, index) {
      row.querySelector(".item-pos").textContent = String(start + index);
      row.querySelector('[data-move="up"] button').disabled = index === 0;
      row.querySelector('[data-move="down"] button').disabled = index === all.length - 1;
    });
  }

  // Save the row's new place: right after the row above it, or right before the one below.
  async function persist(row, undo) {
    const above = row.previousElementSibling;
    const below = row.nextElementSibling;
    const body = above
      ? { after_id: Number(above.dataset.itemId) }
      : below ? { before_id: Number(below.dataset.itemId) } : null;
    if (!body) return;
    row.setAttribute("aria-busy", "true");
    try {
      await window.valueloop.api("POST", "/api/v1/items/" + row.dataset.itemId + "/move", body);
      say("Moved “" + titleOf(row) + "” to position " + (start + rows().indexOf(row)) + ".");
      row.classList.remove("moved");
      void row.offsetWidth; // restart the highlight animation
      row.classList.add("moved");
    } catch (error) {
      undo();
      say("Could not move “" + titleOf(row) + "”: " + error.message, true);
    } finally {
      row.removeAttribute("aria-busy");
      renumber();
    }
  }

  // Dragging with pointer events.
  let drag = null;

  list.addEventListener("pointerdown", function (event) {
    const handle = event.target.closest("[data-drag-handle]");
    if (!handle || event.button !== 0) return;
    event.preventDefault();
    const row = handle.closest(".item-row");
    handle.setPointerCapture(event.pointerId);
    drag = { row: row, handle: handle, pointer: event.pointerId, next: row.nextElementSibling };
    row.classList.add("dragging");
    document.body.classList.add("is-dragging");
  });

  list.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.pointer) return;
    event.preventDefault();
    let target = null;
    for (const other of rows()) {
      if (other === drag.row) continue;
      const box = other.getBoundingClientRect();
      if (event.clientY < box.top + box.height / 2) {
        target = other;
        break;
      }
    }
    if (target !== drag.row.nextElementSibling) list.insertBefore(drag.row, target);
  });

  function finish(event) {
    if (!drag || event.pointerId !== drag.pointer) return;
    const row = drag.row;
    const next = drag.next;
    try {
      drag.handle.releasePointerCapture(event.pointerId);
    } catch (ignored) {
      // already released
    }
    drag = null;
    row.classList.remove("dragging");
    document.body.classList.remove("is-dragging");
    if (event.type === "pointercancel") {
      list.insertBefore(row, next);
    } else if (row.nextElementSibling !== next) {
      persist(row, function () { list.insertBefore(row, next); });
      return;
    }
    renumber();
  }

  list.addEventListener("pointerup", finish);
  list.addEventListener("pointercancel", finish);

  // The move buttons (and arrow keys on the drag handle) move one place at a time.
  function step(row, up, focusTarget) {
    const sibling = up ? row.previousElementSibling : row.nextElementSibling;
    if (!sibling) return;
    const next = row.nextElementSibling;
    list.insertBefore(row, up ? sibling : sibling.nextElementSibling);
    renumber();
    const button = row.querySelector('[data-move="' + (up ? "up" : "down") + '"] button');
    const other = row.querySelector('[data-move="' + (up ? "down" : "up") + '"] button');
    (focusTarget || (button.disabled ? other : button)).focus();
    persist(row, function () { list.insertBefore(row, next); });
  }

  list.addEventListener("submit", function (event) {
    const form = event.target.closest("form[data-move]");
    if (!form) return;
    event.preventDefault();
    step(form.closest(".item-row"), form.dataset.move === "up", null);
  });

  list.addEventListener("keydown", function (event) {
    const handle = event.target.closest("[data-drag-handle]");
    if (!handle || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    event.preventDefault();
    step(handle.closest(".item-row"), event.key === "ArrowUp", handle);
  });
})();
