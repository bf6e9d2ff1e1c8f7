// The review queue's keyboard: j/k next/previous tag, c confirm, r reject, e edit,
// n the clause's notes link. Loaded only on the queue page; the page works without it.
(() => {
  const items = () => Array.from(document.querySelectorAll("#queue .queue-item"));
  let current = 0;

  function focusItem(index) {
    const list = items();
    if (!list.length) return;
    current = Math.max(0, Math.min(index, list.length - 1));
    list.forEach((item, i) => item.classList.toggle("is-current", i === current));
    list[current].focus();
    list[current].scrollIntoView({ block: "nearest" });
  }

  function act(selector) {
    const item = items()[current];
    const control = item && item.querySelector(selector);
    if (!control) return;
    if (control.tagName === "SUMMARY") {
      const details = control.parentElement;
      details.open = true;
      const field = details.querySelector("select, input:not([type=hidden])");
      if (field) field.focus();
    } else {
      control.focus();
      if (control.tagName === "BUTTON") control.click();
    }
  }

  const keys = {
    j: () => focusItem(current + 1),
    k: () => focusItem(current - 1),
    c: () => act("[data-action=confirm]"),
    r: () => act("[data-action=reject]"),
    e: () => act("[data-action=edit]"),
    n: () => act("[data-action=note]"),
  };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest("input, select, textarea, [contenteditable]")) {
      // Escape leaves an edit form and returns to the item.
      if (event.key === "Escape") focusItem(current);
      return;
    }
    const handler = keys[event.key];
    if (!handler) return;
    event.preventDefault();
    handler();
  });

  // Keep the current item in step with clicks and tabbing.
  document.addEventListener("focusin", (event) => {
    const item = event.target.closest && event.target.closest("#queue .queue-item");
    if (item) current = items().indexOf(item);
  });

  // After a decision the list comes back without the decided tag: the next one takes
  // its place, and gets the focus.
  document.body.addEventListener("htmx:afterSettle", (event) => {
    const queue = event.detail.target;
    if (!queue || queue.id !== "queue") return;
    // A key pressed during the swap may already have put focus in the new list: keep it.
    if (queue.contains(document.activeElement)) return;
    focusItem(current);
  });

  document.addEventListener("DOMContentLoaded", () => focusItem(0));
})();
