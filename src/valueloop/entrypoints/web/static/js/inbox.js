// The feedback inbox: tick notes for the bulk bar (with a select-all box and a live count), and
// move through the list from the keyboard: "/" search, j/k next/previous note, x tick, o open.
(function () {
  "use strict";

  const form = document.querySelector("[data-bulk-form]");
  const search = document.querySelector("[data-inbox-search]");
  const checks = form ? Array.from(form.querySelectorAll("[data-note-check]")) : [];
  const all = form ? form.querySelector("[data-check-all]") : null;
  const count = form ? form.querySelector("[data-selected-count]") : null;
  const actions = form ? Array.from(form.querySelectorAll("[data-bulk-action]")) : [];
  const cards = Array.from(document.querySelectorAll("[data-inbox] [data-note-id]"));

  function refresh() {
    const ticked = checks.filter(function (box) { return box.checked; }).length;
    if (count) count.textContent = ticked + " selected";
    actions.forEach(function (button) { button.disabled = ticked === 0; });
    if (all) {
      all.checked = ticked > 0 && ticked === checks.length;
      all.indeterminate = ticked > 0 && ticked < checks.length;
    }
    cards.forEach(function (card) {
      const box = card.querySelector("[data-note-check]");
      card.classList.toggle("note-selected", Boolean(box && box.checked));
    });
  }

  checks.forEach(function (box) { box.addEventListener("change", refresh); });
  if (all) {
    all.addEventListener("change", function () {
      checks.forEach(function (box) { box.checked = all.checked; });
      refresh();
    });
  }
  if (form) refresh();

  function current() {
    const active = document.activeElement;
    return cards.findIndex(function (card) { return card.contains(active); });
  }

  function focusCard(index) {
    const card = cards[Math.max(0, Math.min(index, cards.length - 1))];
    if (!card) return;
    const link = card.querySelector(".note-link");
    if (link) link.focus();
    card.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", function (event) {
    const target = event.target;
    const typing = target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) &&
        !(target instanceof HTMLInputElement && target.type === "checkbox"));
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const at = current();
    if (event.key === "/" && search) {
      event.preventDefault();
      search.focus();
      search.select();
    } else if (event.key === "j") {
      event.preventDefault();
      focusCard(at + 1);
    } else if (event.key === "k") {
      event.preventDefault();
      focusCard(at < 0 ? 0 : at - 1);
    } else if (event.key === "x" && at >= 0) {
      const box = cards[at].querySelector("[data-note-check]");
      if (box) {
        event.preventDefault();
        box.checked = !box.checked;
        refresh();
      }
    } else if (event.key === "o" && at >= 0) {
      const link = cards[at].querySelector(".note-link");
      if (link) link.click();
    }
  });
})();
