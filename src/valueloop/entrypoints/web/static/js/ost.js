// The Opportunity Solution Tree: collapse and expand nodes (remembered for the session); drag an
// opportunity onto another to nest it there (or onto the outcome to make it top level), drag a
// solution onto another solution to put it before that one (or onto an opportunity to put it last
// under it), or move with the ↑ ↓ ← → buttons. A move shows at once and is saved through
// POST /api/v1/opportunities/{id}/move or /api/v1/solutions/{id}/move; then the nodes and the
// hints are swapped for the server's rendering (GET the tree's data-parts-url), since evidence
// counts and hints follow the nesting. A refused move puts the node back and says why. Without
// JavaScript, the forms of the opportunity page still move an opportunity.
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

  function applyCollapsed() {
    tree.querySelectorAll(".ost-node").forEach(function (node) {
      if (collapsed.has(node.id)) setCollapsed(node, true);
    });
  }

  applyCollapsed();

  tree.addEventListener("click", function (event) {
    const toggle = event.target.closest("[data-ost-toggle]");
    if (toggle) {
      const node = toggle.closest(".ost-node");
      setCollapsed(node, !node.classList.contains("is-collapsed"));
      return;
    }
    const button = event.target.closest("[data-ost-move]");
    if (!button) return;
    const node = button.closest(".ost-node");
    if (node.classList.contains("ost-solution")) moveSolutionBy(node, button.dataset.ostMove);
    else moveOpportunityBy(node, button.dataset.ostMove);
  });

  document.querySelectorAll("[data-ost-expand]").forEach(function (button) {
    button.addEventListener("click", function () {
      const close = button.dataset.ostExpand === "none";
      tree.querySelectorAll(".ost-node").forEach(function (node) {
        if (node.querySelector(":scope > .ost-children")) setCollapsed(node, close);
      });
    });
  });

  // --- The tree's shape ---------------------------------------------------------------------

  // The nodes of `kind` ("ost-opportunity" or "ost-solution") beside `node`, in order.
  function siblings(node, kind) {
    return Array.from(node.parentElement.children).filter(function (el) {
      return el.classList.contains(kind);
    });
  }

  function parentOf(node) {
    return node.parentElement.closest(".ost-opportunity");
  }

  function idOf(node) {
    return node ? Number(node.dataset.opportunityId) : null;
  }

  // The list of a node's children, made when it has none yet (a refused move leaves it empty,
  // which shows nothing).
  function childList(node) {
    let list = node.querySelector(":scope > .ost-children");
    if (!list) {
      list = document.createElement("ul");
      list.className = "ost-children";
      list.setAttribute("role", "group");
      node.appendChild(list);
    }
    setCollapsed(node, false);
    return list;
  }

  // Under an opportunity its solutions come first, then its sub-opportunities.
  function putOpportunityLast(node, under) {
    childList(under).appendChild(node);
  }

  function putSolutionLast(node, under) {
    const list = childList(under);
    list.insertBefore(node, list.querySelector(":scope > .ost-opportunity"));
  }

  // --- Saving a move --------------------------------------------------------------------------

  let saving = false;

  // Swap the nodes and the hints for the server's rendering of them.
  async function refresh() {
    const response = await fetch(tree.dataset.partsUrl, {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    });
    const parts = new DOMParser().parseFromString(await response.text(), "text/html");
    const nodes = parts.querySelector('[data-ost-part="tree"]');
    if (!response.ok || !nodes) throw new Error("the tree could not be read again; reload the page");
    tree.replaceChildren.apply(tree, Array.from(nodes.childNodes));
    const hints = parts.querySelector('[data-ost-part="hints"] > .ost-hints');
    const shown = document.querySelector(".ost-hints");
    if (hints && shown) shown.replaceWith(hints);
    applyCollapsed();
  }

  // Show the move at once (`place`), save it, then show the server's tree; on a refusal put the
  // node back where it was. `button` is the move button pressed, focused again afterwards.
  async function save(node, url, body, what, place, button) {
    if (saving) {
      say("Wait until the last move is saved.");
      return;
    }
    saving = true;
    const list = node.parentElement;
    const next = node.nextElementSibling;
    const title = node.dataset.title;
    place();
    node.setAttribute("aria-busy", "true");
    try {
      await window.valueloop.api("POST", url, body);
    } catch (error) {
      list.insertBefore(node, next);
      node.removeAttribute("aria-busy");
      say("Could not move “" + title + "”: " + error.message, true);
      saving = false;
      return;
    }
    try {
      await refresh();
      say("Moved “" + title + "” " + what + ".");
    } catch (error) {
      say("Moved “" + title + "” " + what + ", but " + error.message + ".", true);
    }
    const moved = document.getElementById(node.id) || node;
    moved.removeAttribute("aria-busy");
    const card = moved.querySelector(":scope > .ost-card");
    card.classList.add("moved");
    const again = button && card.querySelector('[data-ost-move="' + button + '"]');
    if (again) again.focus();
    saving = false;
  }

  function moveOpportunity(node, body, what, place, button) {
    save(node, "/api/v1/opportunities/" + node.dataset.opportunityId + "/move", body, what, place, button);
  }

  function moveSolution(node, under, body, what, place, button) {
    body.opportunity_id = idOf(under);
    save(node, "/api/v1/solutions/" + node.dataset.solutionId + "/move", body, what, place, button);
  }

  function moveOpportunityBy(node, direction) {
    const row = siblings(node, "ost-opportunity");
    const at = row.indexOf(node);
    const parent = parentOf(node);
    if (direction === "up" && at > 0) {
      moveOpportunity(node, { parent_id: idOf(parent), before_id: idOf(row[at - 1]) }, "up",
        function () { row[at - 1].before(node); }, direction);
    } else if (direction === "down" && at < row.length - 1) {
      moveOpportunity(node, { parent_id: idOf(parent), after_id: idOf(row[at + 1]) }, "down",
        function () { row[at + 1].after(node); }, direction);
    } else if (direction === "out" && parent) {
      moveOpportunity(node, { parent_id: idOf(parentOf(parent)), after_id: idOf(parent) }, "out one level",
        function () { parent.after(node); }, direction);
    } else if (direction === "in" && at > 0) {
      moveOpportunity(node, { parent_id: idOf(row[at - 1]) }, "under “" + row[at - 1].dataset.title + "”",
        function () { putOpportunityLast(node, row[at - 1]); }, direction);
    } else {
      say("“" + node.dataset.title + "” cannot move further that way.");
    }
  }

  function moveSolutionBy(node, direction) {
    const row = siblings(node, "ost-solution");
    const at = row.indexOf(node);
    const under = parentOf(node);
    if (direction === "up" && at > 0) {
      moveSolution(node, under, { before_id: Number(row[at - 1].dataset.solutionId) }, "up",
        function () { row[at - 1].before(node); }, direction);
    } else if (direction === "down" && at < row.length - 1) {
      moveSolution(node, under, { after_id: Number(row[at + 1].dataset.solutionId) }, "down",
        function () { row[at + 1].after(node); }, direction);
    } else {
      say("“" + node.dataset.title + "” cannot move further that way.");
    }
  }

  if (!tree.hasAttribute("data-can-edit")) return;

  // --- Drag and drop --------------------------------------------------------------------------
  // An opportunity drops onto another opportunity's card (nested last there) or onto the outcome
  // heading (top level, last); a solution drops onto another solution's card (placed before it)
  // or onto an opportunity's card (last among its solutions).
  let dragged = null;
  const root = document.querySelector(".ost-root");

  tree.addEventListener("dragstart", function (event) {
    const card = event.target.closest(".ost-opportunity > .ost-card, .ost-solution > .ost-card");
    if (!card || saving) return;
    dragged = card.parentElement;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.id);
  });

  function dropTarget(event) {
    if (!dragged) return null;
    const solution = dragged.classList.contains("ost-solution");
    const card = event.target.closest(
      solution ? ".ost-opportunity > .ost-card, .ost-solution > .ost-card" : ".ost-opportunity > .ost-card"
    );
    if (card && !dragged.contains(card)) return card;
    if (!solution && root && root.contains(event.target)) return root;
    return null;
  }

  function clearMarks() {
    document.querySelectorAll(".is-drop").forEach(function (el) { el.classList.remove("is-drop"); });
  }

  function drop(node, target) {
    if (node.classList.contains("ost-opportunity")) {
      if (target === root) {
        moveOpportunity(node, { parent_id: null }, "to the top level", function () { tree.appendChild(node); });
      } else {
        const under = target.parentElement;
        moveOpportunity(node, { parent_id: idOf(under) }, "under “" + under.dataset.title + "”",
          function () { putOpportunityLast(node, under); });
      }
      return;
    }
    const onto = target.parentElement;
    if (onto.classList.contains("ost-solution")) {
      const under = parentOf(onto);
      moveSolution(node, under, { before_id: Number(onto.dataset.solutionId) },
        "before “" + onto.dataset.title + "”", function () { onto.before(node); });
    } else {
      moveSolution(node, onto, {}, "under “" + onto.dataset.title + "”",
        function () { putSolutionLast(node, onto); });
    }
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
      if (!target) return;
      event.preventDefault();
      const node = dragged;
      dragged = null;
      drop(node, target);
    });
  });
  tree.addEventListener("dragend", function () { dragged = null; clearMarks(); });
})();
