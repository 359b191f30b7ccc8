// Linking a passage of a feedback note: the text selected inside the note goes into the link
// form's hidden "highlight" field and is previewed (as text, never as markup).
(function () {
  "use strict";

  const note = document.querySelector("[data-note-text]");
  const form = document.querySelector("[data-link-form]");
  if (!note || !form) return;
  const input = form.querySelector("[data-highlight-input]");
  const preview = form.querySelector("[data-highlight-text]");
  const empty = form.querySelector("[data-highlight-empty]");
  const clear = form.querySelector("[data-highlight-clear]");

  function show(text) {
    input.value = text;
    preview.textContent = text;
    preview.hidden = !text;
    clear.hidden = !text;
    empty.hidden = Boolean(text);
  }

  // Keep the last selection made inside the note: clicking the form clears the page's selection.
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
  clear.addEventListener("click", function () {
    show("");
    const selection = window.getSelection();
    if (selection) selection.removeAllRanges();
    note.focus();
  });
  show(input.value);
})();
