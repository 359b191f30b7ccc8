// The roadmap board: drag a card to another lane or place (mouse, pen or touch), or move it
// from the keyboard (Alt+arrows). Each move calls POST /api/v1/items/{id}/lane. Also the
// timeline's SVG and PNG downloads, drawn in the browser from the inline SVG (works offline).
(function () {
  "use strict";

  setUpExports();
  const board = document.querySelector("[data-roadmap][data-can-plan]");
  if (!board || !window.valueloop) return;
  const lists = Array.from(board.querySelectorAll(".road-list[data-lane]"));
  if (!lists.length) return;  // grouped lanes: the Move buttons do the work
  board.classList.add("is-scripted");
  const status = document.querySelector("[data-roadmap-status]");
  const laneNames = {};
  lists.forEach(function (list) { laneNames[list.dataset.lane] = list.getAttribute("aria-label"); });

  function say(text, isError) {
    if (status) {
      status.textContent = text;
      status.classList.toggle("is-error", Boolean(isError));
    }
    window.valueloop.announce(text);
  }

  function cards(list) {
    return Array.from(list.querySelectorAll(":scope > .road-card"));
  }

  function recount() {
    lists.forEach(function (list) {
      const count = list.closest(".road-lane").querySelector("h3 .muted");
      if (count) count.textContent = String(cards(list).length);
    });
  }

  // Save the card's new place: after the card above it, before the one below, or at the end.
  async function persist(card, undo) {
    const list = card.parentElement;
    const lane = list.dataset.lane || null;
    const above = card.previousElementSibling;
    const below = card.nextElementSibling;
    const body = { lane: lane };
    if (lane && above) body.after_id = Number(above.dataset.itemId);
    else if (lane && below) body.before_id = Number(below.dataset.itemId);
    card.setAttribute("aria-busy", "true");
    try {
      await window.valueloop.api("POST", "/api/v1/items/" + card.dataset.itemId + "/lane", body);
      say("Moved “" + card.dataset.title + "” to " + laneNames[list.dataset.lane] + ", position " +
        (cards(list).indexOf(card) + 1) + ".");
      card.classList.remove("moved");
      void card.offsetWidth;  // restart the highlight animation
      card.classList.add("moved");
    } catch (error) {
      undo();
      say("Could not move “" + card.dataset.title + "”: " + error.message, true);
    } finally {
      card.removeAttribute("aria-busy");
      recount();
    }
  }

  function placeAt(card, list, y) {
    let target = null;
    for (const other of cards(list)) {
      if (other === card) continue;
      const box = other.getBoundingClientRect();
      if (y < box.top + box.height / 2) {
        target = other;
        break;
      }
    }
    if (card.parentElement !== list || target !== card.nextElementSibling) {
      list.insertBefore(card, target);
    }
  }

  // Dragging with pointer events; a press becomes a drag after it moves a few pixels, so a
  // click on the title still opens the item.
  let press = null;

  board.addEventListener("dragstart", function (event) { event.preventDefault(); });

  board.addEventListener("pointerdown", function (event) {
    const card = event.target.closest(".road-card");
    if (!card || event.button !== 0 || event.target.closest("select, button, input")) return;
    press = {
      card: card, pointer: event.pointerId, x: event.clientX, y: event.clientY,
      list: card.parentElement, next: card.nextElementSibling, dragging: false,
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
    const lane = under && under.closest(".road-lane");
    const list = lane && lane.querySelector(".road-list[data-lane]");
    if (list && board.contains(list)) placeAt(press.card, list, event.clientY);
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
    const undo = function () { drag.list.insertBefore(drag.card, drag.next); };
    if (event.type === "pointercancel") {
      undo();
    } else if (drag.card.parentElement !== drag.list || drag.card.nextElementSibling !== drag.next) {
      persist(drag.card, undo);
    }
  }

  document.addEventListener("pointerup", finish);
  document.addEventListener("pointercancel", finish);

  // The keyboard: Alt+←/→ to the neighbouring lane (at its end), Alt+↑/↓ within the lane.
  board.addEventListener("keydown", function (event) {
    const card = event.target.closest(".road-card");
    if (!card || event.target !== card || !event.altKey) return;
    const list = card.parentElement;
    const next = card.nextElementSibling;
    const index = lists.indexOf(list);
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      const other = lists[index + (event.key === "ArrowLeft" ? -1 : 1)];
      if (!other) return;
      other.appendChild(card);
    } else if (event.key === "ArrowUp" && card.previousElementSibling) {
      list.insertBefore(card, card.previousElementSibling);
    } else if (event.key === "ArrowDown" && next) {
      list.insertBefore(card, next.nextElementSibling);
    } else {
      return;
    }
    event.preventDefault();
    card.focus();
    persist(card, function () { list.insertBefore(card, next); });
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
