// Notes: a note on words selected in a clause, and focus after a thread is swapped in.
// Without this file an analyst types the words into the note form instead.

// Offsets are code points into the clause text (what the server slices by); the browser
// counts UTF-16 units, so count through Array.from.
const codePoints = (text) => Array.from(text).length;

function selectionInClause() {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const start = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
  const text = start && start.closest(".clause-text");
  if (!text || !text.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(text);
  before.setEnd(range.startContainer, range.startOffset);
  const exact = range.toString();
  if (!exact.trim()) return null;
  const offset = codePoints(before.toString());
  // The matrix lists clauses as .cell-clause items; everywhere else they are .clause rows.
  return { clause: text.closest(".clause, .cell-clause"), start: offset, end: offset + codePoints(exact), exact };
}

function fillQuote(form, quote) {
  form.querySelector("[name=quote_exact]").value = quote.exact;
  form.querySelector("[name=quote_start]").value = quote.start;
  form.querySelector("[name=quote_end]").value = quote.end;
}

let pending = null;

document.addEventListener("selectionchange", () => {
  const quote = selectionInClause();
  if (!quote) return;
  pending = quote;
  for (const button of document.querySelectorAll(".note-on-selection")) {
    button.hidden = !quote.clause.contains(button);
  }
  const open = quote.clause.querySelector(".clause-notes form.note-add");
  if (open) fillQuote(open, quote);
});

document.addEventListener("click", (event) => {
  const button = event.target.closest(".note-on-selection");
  if (!button || !pending || !window.htmx) return;
  const params = new URLSearchParams({
    quote_start: pending.start, quote_end: pending.end, quote_exact: pending.exact,
  });
  // The button is the source, so the clause's hx-vals (its id prefix) go with the request.
  window.htmx.ajax("GET", `${button.dataset.notesUrl}?${params}`, {
    source: button, target: button.dataset.target, swap: "outerHTML",
  });
});

// Typing a quote by hand: the offsets of an earlier selection no longer apply.
document.addEventListener("input", (event) => {
  if (!event.target.matches(".note-quote-input")) return;
  const form = event.target.form;
  form.querySelector("[name=quote_start]").value = "";
  form.querySelector("[name=quote_end]").value = "";
});

// A page loaded whole keeps the browser's own focus and scroll (the #anchor); only a
// fragment swapped in later asks for focus.
for (const element of document.querySelectorAll("[data-autofocus]")) {
  element.removeAttribute("data-autofocus");
}

// After a swap, move focus to what the fragment asks for (the form with an error, the
// text being edited, or the thread's heading), so keyboard and screen-reader users follow.
document.addEventListener("htmx:afterSettle", () => {
  const target = document.querySelector("[data-autofocus]");
  if (!target) return;
  target.removeAttribute("data-autofocus");
  target.focus();
});
