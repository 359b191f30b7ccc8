// The story map, shaped on the page. Drag a story to another cell (a task in a release slice) with
// mouse, pen or touch, or move it from the keyboard (Alt+←/→: neighbouring task, Alt+↑/↓: slice
// above or below); drag an activity or a task left or right, a slice up or down, or use their
// arrow buttons; click a name (or its ✎ button) to rename it in place: Enter saves, Esc cancels.
// Each change calls the REST API, then the map is read again and swapped in without a reload;
// without scripts the page's forms do the same. The dragging itself is in drag_cards.js.
(function () {
  "use strict";

  const section = document.getElementById("map");
  if (!section || !section.hasAttribute("data-can-edit") || !window.valueloop) return;
  const api = window.valueloop.api;
  const status = document.querySelector("[data-map-status]");
  const PARTS = "/api/v1/story-maps/parts/";

  function say(text, isError) {
    if (status) {
      status.textContent = text;
      status.classList.toggle("is-error", Boolean(isError));
    }
    window.valueloop.announce(text);
  }

  // Read the page again and swap in its regions (name, gaps, map, forms), keeping the focus.
  async function refresh(focusId) {
    const response = await fetch(window.location.pathname, {
      credentials: "same-origin", headers: { "Accept": "text/html" },
    });
    if (!response.ok) throw new Error(response.statusText || "could not read the map again");
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    const focused = focusId || (document.activeElement && document.activeElement.id);
    document.querySelectorAll("[data-sm-region]").forEach(function (region) {
      const next = fresh.getElementById(region.id);
      if (next) region.replaceWith(document.importNode(next, true));
    });
    decorate();
    const again = focused && document.getElementById(focused);
    if (again) {
      // A move button that is now at the end is disabled: focus its twin instead.
      const twin = again.disabled && again.parentElement.querySelector("button:not(:disabled)");
      (twin || again).focus();
    }
  }

  function refreshQuietly() {
    refresh().catch(function (error) { say("Could not show the map again: " + error.message, true); });
  }

  // The nearest sibling of `card` matching `selector`, before it or (forward) after it.
  function sibling(card, selector, forward) {
    let other = forward ? card.nextElementSibling : card.previousElementSibling;
    while (other && !other.matches(selector)) {
      other = forward ? other.nextElementSibling : other.previousElementSibling;
    }
    return other;
  }

  // The move body placing `card` after the matching sibling before it, else before the one after.
  function anchor(card, selector, key) {
    const above = sibling(card, selector, false);
    if (above) return { after_id: Number(above.dataset[key]) };
    const below = sibling(card, selector, true);
    return below ? { before_id: Number(below.dataset[key]) } : {};
  }

  // ---- stories -------------------------------------------------------------------------------
  // The cells row by row (one row per slice), each row left to right, read when a key is pressed.
  function rows() {
    return Array.from(section.querySelectorAll(".sm-map tbody")).map(function (body) {
      return Array.from(body.querySelectorAll(".sm-cell"));
    }).filter(function (row) { return row.length; });
  }

  function where(cell) {
    const all = rows();
    for (let r = 0; r < all.length; r += 1) {
      const c = all[r].indexOf(cell);
      if (c >= 0) return { rows: all, row: r, column: c };
    }
    return null;
  }

  const drag = window.valueloop.dragCards;
  if (drag) {
    drag({
      root: section,
      status: status,
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
          target = at.rows[at.row][at.column + (key === "ArrowLeft" ? -1 : 1)];
        } else if (key === "ArrowUp" || key === "ArrowDown") {
          const row = at.rows[at.row + (key === "ArrowUp" ? -1 : 1)];
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
        const body = Object.assign({
          task_id: Number(cell.dataset.taskId),
          slice_id: cell.dataset.sliceId ? Number(cell.dataset.sliceId) : null,
        }, anchor(card, ".sm-card", "placementId"));
        await api("POST", "/api/v1/story-placements/" + card.dataset.placementId + "/move", body);
        const select = card.querySelector("[data-move-form] select");
        if (select) select.value = cell.dataset.taskId + ":" + (cell.dataset.sliceId || "");
      },
      placeName: function (cell) { return cell.getAttribute("aria-label"); },
      after: function () {
        // The walking skeleton's gaps may have changed.
        refresh().catch(function () { /* the story moved; the gaps show on the next visit */ });
      },
    });

    // ---- activities, tasks and slices: dragged by their heading, saved, then shown again ----
    const structure = "button, input, select, summary, details, form, a, .sm-cell-box, .sm-task-empty";
    const never = function () { return false; };
    function thead(under) { return under.closest(".sm-map thead"); }

    drag({
      root: section, status: status, axis: "x", ignore: structure, keyMove: never,
      card: ".sm-activity[data-activity-id]",
      dropList: function (under) { const head = thead(under); return head && head.querySelector(".sm-backbone"); },
      save: function (card) {
        return api("POST", PARTS + "activity/" + card.dataset.activityId + "/move",
          anchor(card, ".sm-activity[data-activity-id]", "activityId"));
      },
      placeName: function () { return "the backbone"; },
      after: refreshQuietly,
    });

    // A task joins the activity under the pointer when it is dropped: between the last task of
    // one activity and the first of the next, the place in the row alone cannot tell which.
    document.addEventListener("pointermove", function (event) {
      const task = section.querySelector(".sm-task.dragging");
      if (!task) return;
      section.querySelectorAll(".sm-activity[data-activity-id]").forEach(function (head) {
        const box = head.getBoundingClientRect();
        if (event.clientX >= box.left && event.clientX < box.right) {
          task.dataset.dropActivity = head.dataset.activityId;
        }
      });
    });

    // The "No tasks yet" place of an empty activity takes part, so a task can be dropped there.
    drag({
      root: section, status: status, axis: "x", ignore: structure, keyMove: never,
      card: ".sm-task",
      dropList: function (under) { const head = thead(under); return head && head.querySelector(".sm-tasks"); },
      changed: function (card) {
        return Boolean(card.dataset.dropActivity) && card.dataset.dropActivity !== card.dataset.activityId;
      },
      save: function (card) {
        const near = sibling(card, ".sm-task", false) || sibling(card, ".sm-task", true);
        const activity = card.dataset.dropActivity || (near ? near.dataset.activityId : card.dataset.activityId);
        const same = '.sm-task[data-task-id][data-activity-id="' + activity + '"]';
        return api("POST", PARTS + "task/" + card.dataset.taskId + "/move",
          Object.assign({ activity_id: Number(activity) }, anchor(card, same, "taskId")));
      },
      placeName: function () { return "the tasks"; },
      after: refreshQuietly,
    });

    drag({
      root: section, status: status, ignore: structure, keyMove: never,
      card: ".sm-slice[data-slice-id]",
      dropList: function (under) { return under.closest(".sm-map"); },
      save: function (card) {
        // Stories outside any slice stay in the last row.
        const loose = section.querySelector("#slice-none");
        if (loose && card.compareDocumentPosition(loose) & Node.DOCUMENT_POSITION_PRECEDING) {
          loose.parentElement.appendChild(loose);
        }
        return api("POST", PARTS + "slice/" + card.dataset.sliceId + "/move",
          anchor(card, ".sm-slice[data-slice-id]", "sliceId"));
      },
      placeName: function () { return "the slices"; },
      after: refreshQuietly,
    });
  }

  // ---- move buttons: one place left, right, up or down ----------------------------------------
  section.addEventListener("submit", async function (event) {
    const form = event.target.closest("form[data-shift]");
    if (!form || !event.submitter) return;
    event.preventDefault();
    const button = event.submitter;
    const named = form.closest("[data-title]");
    const name = named ? "“" + named.dataset.title + "”" : "it";
    button.setAttribute("aria-busy", "true");
    try {
      await api("POST", form.dataset.api + "/shift", { by: Number(button.value) });
      await refresh(button.id);
      say("Moved " + name + " " + button.title.replace(/^Move /, "") + ".");
    } catch (error) {
      button.removeAttribute("aria-busy");
      say("Could not move " + name + ": " + error.message, true);
    }
  });

  // ---- rename in place ------------------------------------------------------------------------
  // Each editable name gets a ✎ button; a click on the name or the button opens the editor.
  function decorate() {
    document.querySelectorAll("[data-rename]").forEach(function (name) {
      if (name.nextElementSibling && name.nextElementSibling.matches(".sm-rename-button")) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "icon-button sm-rename-button";
      button.id = "rename-" + name.dataset.rename + "-" + name.dataset.renameUrl.split("/").pop();
      button.title = "Rename";
      button.setAttribute("aria-label", "Rename the " + name.dataset.rename + " “" + name.textContent.trim() + "”");
      button.textContent = "✎";
      name.after(button);
    });
  }

  function edit(name) {
    if (name.hidden) return;
    const noun = name.dataset.rename;
    const field = name.dataset.field;
    const before = name.textContent.trim();
    const button = name.nextElementSibling;
    const input = document.createElement("input");
    input.type = "text";
    input.className = "sm-rename-input";
    input.value = before;
    input.maxLength = field === "title" ? 300 : 200;
    input.setAttribute("aria-label", "New name of the " + noun + " “" + before + "”");
    name.hidden = true;
    name.after(input);
    input.focus();
    input.select();
    let closed = false;

    function close() {
      closed = true;
      input.remove();
      name.hidden = false;
    }

    async function save() {
      if (closed) return;
      const value = input.value.trim();
      if (value === before) {
        close();
        return;
      }
      closed = true;  // a blur while saving must not save twice
      input.disabled = true;
      const body = { version: Number(name.dataset.version) };
      body[field] = value;
      try {
        const saved = await api("PATCH", name.dataset.renameUrl, body);
        name.textContent = saved[field];
        name.dataset.version = saved.version;
        close();
        say("Renamed the " + noun + " “" + before + "” to “" + saved[field] + "”.");
        await refresh(button && button.id);
      } catch (error) {
        if (error.status === 409) {
          // Someone else changed it: show the current value and say so.
          close();
          say(error.message, true);
          await refresh(button && button.id).catch(function () {});
        } else {
          closed = false;
          input.disabled = false;
          input.focus();
          say("Could not rename the " + noun + ": " + error.message, true);
        }
      }
    }

    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        save();
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        close();
        if (button) button.focus();
        say("Kept “" + before + "”.");
      }
    });
    input.addEventListener("blur", function () { if (!closed) save(); });
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest(".sm-rename-button");
    const name = button ? button.previousElementSibling : event.target.closest("[data-rename]");
    if (name && name.matches("[data-rename]")) edit(name);
  });

  decorate();
})();
