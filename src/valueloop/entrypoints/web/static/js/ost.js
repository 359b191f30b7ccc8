// The Opportunity Solution Tree: collapse and expand nodes (remembered for the session), drag an
// opportunity onto another to nest it there (or onto the outcome to make it top level), and move
// with the ↑ ↓ ← → buttons. Moves call POST /api/v1/opportunities/{id}/move, then reload.
(function () {
  "use strict";

  const tree = document.querySelector("[data-ost]");
  if (!tree) return;
  const status = document.querySelector("[data-ost-status]");
  const key = "ost-collapsed:" + location.pathname + location.search;
  const collapsed = new Set(JSON.parse(sessionStorage.getItem(key) || "[]"));

  function say(text, isError) {
    if (status) {
      status.textContent = text;
      status.classList.toggle("is-error", Boolean(isError));
    }
    if (window.valueloop) window.valueloop.announce(text);
  }

  function setCollapsed(node, yes) {
    node.classList.toggle("is-collapsed", yes);
    node.setAttribute("aria-expanded", yes ? "false" : "true");
    const button = node.querySelector(":scope > .ost-card > [data-ost-toggle]");
    if (button) button.setAttribute("aria-label", button.getAttribute("aria-label").replace(yes ? "Collapse" : "Expand", yes ? "Expand" : "Collapse"));
    if (node.id) {
      if (yes) collapsed.add(node.id); else collapsed.delete(node.id);
      sessionStorage.setItem(key, JSON.stringify(Array.from(collapsed)));
    }
  }

  tree.querySelectorAll(".ost-node").forEach(function (node) {
    if (collapsed.has(node.id)) setCollapsed(node, true);
  });

  tree.addEventListener("click", function (event) {
    const toggle = event.target.closest("[data-ost-toggle]");
    if (toggle) {
      const node = toggle.closest(".ost-node");
      setCollapsed(node, !node.classList.contains("is-collapsed"));
      return;
    }
    const move = event.target.closest("[data-ost-move]");
    if (move) keyboardMove(move.closest(".ost-opportunity"), move.dataset.ostMove);
  });

  document.querySelectorAll("[data-ost-expand]").forEach(function (button) {
    button.addEventListener("click", function () {
      const close = button.dataset.ostExpand === "none";
      tree.querySelectorAll(".ost-node").forEach(function (node) {
        if (node.querySelector(":scope > .ost-children")) setCollapsed(node, close);
      });
    });
  });

  // Opportunities beside `node` (same parent), in order.
  function siblings(node) {
    return Array.from(node.parentElement.children).filter(function (el) {
      return el.classList.contains("ost-opportunity");
    });
  }

  function parentOf(node) {
    return node.parentElement.closest(".ost-opportunity");
  }

  async function move(node, body, what) {
    node.setAttribute("aria-busy", "true");
    try {
      await window.valueloop.api("POST", "/api/v1/opportunities/" + node.dataset.opportunityId + "/move", body);
      say("Moved “" + node.dataset.title + "” " + what + ".");
      sessionStorage.setItem("ost-focus", node.id);
      location.reload();
    } catch (error) {
      say("Could not move “" + node.dataset.title + "”: " + error.message, true);
    } finally {
      node.removeAttribute("aria-busy");
    }
  }

  function idOf(node) {
    return node ? Number(node.dataset.opportunityId) : null;
  }

  function keyboardMove(node, direction) {
    const row = siblings(node);
    const at = row.indexOf(node);
    const parent = parentOf(node);
    if (direction === "up" && at > 0) {
      move(node, { parent_id: idOf(parent), before_id: idOf(row[at - 1]) }, "up");
    } else if (direction === "down" && at < row.length - 1) {
      move(node, { parent_id: idOf(parent), after_id: idOf(row[at + 1]) }, "down");
    } else if (direction === "out" && parent) {
      move(node, { parent_id: idOf(parentOf(parent)), after_id: idOf(parent) }, "out one level");
    } else if (direction === "in" && at > 0) {
      move(node, { parent_id: idOf(row[at - 1]) }, "under “" + row[at - 1].dataset.title + "”");
    } else {
      say("“" + node.dataset.title + "” cannot move further that way.");
    }
  }

  const focusId = sessionStorage.getItem("ost-focus");
  if (focusId) {
    sessionStorage.removeItem("ost-focus");
    const card = document.querySelector("#" + CSS.escape(focusId) + " > .ost-card a");
    if (card) card.focus();
  }

  if (!tree.hasAttribute("data-can-edit")) return;

  // Drag and drop: drop an opportunity's card onto another card (nest it last there) or onto the
  // outcome heading (make it top level).
  let dragged = null;
  const root = document.querySelector(".ost-root");

  tree.addEventListener("dragstart", function (event) {
    const card = event.target.closest(".ost-opportunity > .ost-card");
    if (!card) return;
    dragged = card.parentElement;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.opportunityId);
  });

  function dropTarget(event) {
    const card = event.target.closest(".ost-opportunity > .ost-card");
    if (card && dragged && !dragged.contains(card)) return card;
    if (root && root.contains(event.target) && dragged) return root;
    return null;
  }

  function clearMarks() {
    document.querySelectorAll(".is-drop").forEach(function (el) { el.classList.remove("is-drop"); });
  }

  [tree, root].forEach(function (area) {
    if (!area) return;
    area.addEventListener("dragover", function (event) {
      const target = dropTarget(event);
      if (!target) return;
      event.preventDefault();
      clearMarks();
      target.classList.add("is-drop");
    });
    area.addEventListener("drop", function (event) {
      const target = dropTarget(event);
      clearMarks();
      if (!target || !dragged) return;
      event.preventDefault();
      if (target === root) {
        move(dragged, { parent_id: null }, "to the top level");
      } else {
        const parent = target.parentElement;
        move(dragged, { parent_id: idOf(parent) }, "under “" + parent.dataset.title + "”");
      }
      dragged = null;
    });
  });
  tree.addEventListener("dragend", function () { dragged = null; clearMarks(); });
})();
