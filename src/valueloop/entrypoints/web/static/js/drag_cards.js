// Cards moved between lists, shared by the roadmap board and the story map: dragged with mouse,
// pen or touch (pointer events), or moved from the keyboard with Alt+arrows. The page says where
// a card may be dropped, how a key moves it and how a move is saved; this file does the rest and
// puts the card back when saving fails.
//
//   window.valueloop.dragCards({
//     root, status,            // the element holding the lists; the live status line (or null)
//     card, ignore,            // selector of a card; selector of controls a press never drags
//     dropList(under),         // the list under the pointer (an element inside root) or null
//     keyMove(card, key),      // move the card for an Alt+arrow key; true when it moved
//     save(card),              // async: store the card's new place (rejects with an Error)
//     placeName(list),         // the list's name for the "Moved … to …" message
//     after(),                 // optional: run after every save, done or failed
//     axis,                    // optional: "x" for a list laid out left to right (default: top to bottom)
//     changed(card),           // optional: true when a drop that left the card in its place still
//                              // moved it (a task dropped on the neighbouring activity of a story map)
//   });
(function () {
  "use strict";

  if (!window.valueloop) return;

  function dragCards(options) {
    const root = options.root;

    function say(text, isError) {
      if (options.status) {
        options.status.textContent = text;
        options.status.classList.toggle("is-error", Boolean(isError));
      }
      window.valueloop.announce(text);
    }

    function cards(list) {
      return Array.from(list.querySelectorAll(":scope > " + options.card));
    }

    async function persist(card, undo) {
      card.setAttribute("aria-busy", "true");
      try {
        await options.save(card);
        const list = card.parentElement;
        say("Moved “" + card.dataset.title + "” to " + options.placeName(list) + ", position " +
          (cards(list).indexOf(card) + 1) + ".");
        card.classList.remove("moved");
        void card.offsetWidth;  // restart the highlight animation
        card.classList.add("moved");
      } catch (error) {
        undo();
        say("Could not move “" + card.dataset.title + "”: " + error.message, true);
      } finally {
        card.removeAttribute("aria-busy");
        if (options.after) options.after();
      }
    }

    function placeAt(card, list, event) {
      const across = options.axis === "x";
      const at = across ? event.clientX : event.clientY;
      let target = null;
      for (const other of cards(list)) {
        if (other === card) continue;
        const box = other.getBoundingClientRect();
        if (at < (across ? box.left + box.width / 2 : box.top + box.height / 2)) {
          target = other;
          break;
        }
      }
      if (card.parentElement !== list || target !== card.nextElementSibling) {
        list.insertBefore(card, target);
      }
    }

    // A press becomes a drag after it moves a few pixels, so a click on the title still opens it.
    let press = null;

    root.addEventListener("dragstart", function (event) { event.preventDefault(); });

    root.addEventListener("pointerdown", function (event) {
      const card = event.target.closest(options.card);
      if (!card || event.button !== 0 || event.target.closest(options.ignore)) return;
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
      const list = under && options.dropList(under);
      if (list && root.contains(list)) placeAt(press.card, list, event);
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
      } else if (drag.card.parentElement !== drag.list || drag.card.nextElementSibling !== drag.next ||
                 (options.changed && options.changed(drag.card))) {
        persist(drag.card, undo);
      }
    }

    document.addEventListener("pointerup", finish);
    document.addEventListener("pointercancel", finish);

    root.addEventListener("keydown", function (event) {
      const card = event.target.closest(options.card);
      if (!card || event.target !== card || !event.altKey) return;
      const list = card.parentElement;
      const next = card.nextElementSibling;
      if (!options.keyMove(card, event.key)) return;
      event.preventDefault();
      card.focus();
      persist(card, function () { list.insertBefore(card, next); });
    });
  }

  window.valueloop.dragCards = dragCards;
})();
