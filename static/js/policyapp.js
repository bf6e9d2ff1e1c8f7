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

// Clauses load a page at a time. A pasted link to a clause or section that is not on the
// page (#c340, #s12) reloads the page that holds it.
document.addEventListener("DOMContentLoaded", () => {
  const list = document.querySelector("[data-reading-url]");
  const match = /^#([cs])(\d+)$/.exec(location.hash);
  if (!list || !match || document.getElementById(match[1] + match[2])) return;
  const param = match[1] === "c" ? "at" : "section";
  location.replace(`${list.dataset.readingUrl}?${param}=${match[2]}${location.hash}`);
});

// A table-of-contents link to a section already loaded scrolls there without a request;
// after a jump that loaded it, the section takes focus so keyboard users are there too.
function jumpTarget(element) {
  const id = element && element.dataset && element.dataset.jump;
  return id ? document.getElementById(id) : null;
}
function goTo(target) {
  target.scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
}
document.addEventListener("htmx:confirm", (event) => {
  const target = jumpTarget(event.detail.elt);
  if (!target) return;
  event.preventDefault();
  goTo(target);
});
document.addEventListener("htmx:afterSettle", (event) => {
  const config = event.detail.requestConfig;
  const target = config && jumpTarget(config.elt);
  if (target) goTo(target);
});
