// Linking a passage of a feedback note: the text selected inside the note goes into every link
// form's hidden "highlight" field (item and opportunity) and is previewed as text, never markup.
(function () {
  "use strict";

  const note = document.querySelector("[data-note-text]");
  const forms = Array.from(document.querySelectorAll("[data-link-form]"));
  if (!note || forms.length === 0) return;

  function show(text) {
    forms.forEach(function (form) {
      const preview = form.querySelector("[data-highlight-text]");
      form.querySelector("[data-highlight-input]").value = text;
      preview.textContent = text;
      preview.hidden = !text;
      form.querySelector("[data-highlight-clear]").hidden = !text;
      form.querySelector("[data-highlight-empty]").hidden = Boolean(text);
    });
  }

  // Keep the last selection made inside the note: clicking a form clears the page's selection.
  function capture() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    if (!note.contains(range.startContainer) || !note.contains(range.endContainer)) return;
    const text = selection.toString().trim();
    if (text) show(text);
  }

  document.addEventListener("selectionchange", capture);
  note.addEventListener("mouseup", capture);
  note.addEventListener("keyup", capture);
  forms.forEach(function (form) {
    form.querySelector("[data-highlight-clear]").addEventListener("click", function () {
      show("");
      const selection = window.getSelection();
      if (selection) selection.removeAllRanges();
      note.focus();
    });
  });
  const kept = forms.map(function (form) {
    return form.querySelector("[data-highlight-input]").value;
  }).find(Boolean);
  show(kept || "");
})();
