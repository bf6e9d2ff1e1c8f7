// Small behaviours htmx does not cover. Everything works without this file.

// Escape hides a tag's evidence popover (WCAG 1.4.13: dismissible without moving focus);
// it shows again once focus or the pointer leaves the chip and comes back.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const item = document.activeElement && document.activeElement.closest(".tag-item");
  if (item) item.classList.add("evidence-dismissed");
});
for (const type of ["focusout", "mouseleave"]) {
  document.addEventListener(type, (event) => {
    const item = event.target.closest && event.target.closest(".tag-item");
    if (item) item.classList.remove("evidence-dismissed");
  }, true);
}

// A swapped region that replaced the focused control (a counterpart just confirmed or
// rejected, a results page turned) takes the focus, so keyboard users stay where they were.
document.addEventListener("htmx:afterSettle", (event) => {
  const id = event.detail.target && event.detail.target.id;
  const region = id && document.getElementById(id);
  if (!region || !region.hasAttribute("data-focus-after-swap")) return;
  if (document.activeElement === document.body || !document.activeElement) region.focus();
});
