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

// A matrix cell's clauses arrive below the matrix: move focus to their heading so keyboard
// and screen-reader users land on what they asked for.
document.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target.id !== "cell-clauses") return;
  const chosen = event.detail.requestConfig && event.detail.requestConfig.elt.closest("td.heat");
  if (chosen) {
    for (const cell of document.querySelectorAll("td.heat-chosen")) {
      cell.classList.remove("heat-chosen");
      cell.querySelector("a")?.removeAttribute("aria-current");
    }
    chosen.classList.add("heat-chosen");
    chosen.querySelector("a")?.setAttribute("aria-current", "true");
  }
  const heading = document.getElementById("cell-clauses-heading");
  if (heading) heading.focus();
});

// A swapped region that replaced the focused control (a counterpart just confirmed or
// rejected, a results page turned) takes the focus, so keyboard users stay where they were.
document.addEventListener("htmx:afterSettle", (event) => {
  const id = event.detail.target && event.detail.target.id;
  const region = id && document.getElementById(id);
  if (!region || !region.hasAttribute("data-focus-after-swap")) return;
  if (document.activeElement === document.body || !document.activeElement) region.focus();
});

// After a review control's fragment is swapped in, focus returns to the same tag's chip
// (or to its clause's tags when the tag went away), not to the top of the page.
let reviewed = null;
document.addEventListener("htmx:beforeRequest", (event) => {
  const tag = event.detail.elt.closest && event.detail.elt.closest(".tag-review");
  const box = event.detail.elt.closest && event.detail.elt.closest(".clause-tags-box");
  reviewed = tag || box ? { tag: tag && tag.id, box: box && box.id } : null;
});
document.addEventListener("htmx:afterSettle", (event) => {
  if (!reviewed || event.detail.target.id === "queue") return;
  const chip = reviewed.tag && document.querySelector(`#${reviewed.tag} .chip`);
  const box = reviewed.box && document.getElementById(reviewed.box);
  const fallback = box && box.querySelector(".chip, summary");
  (chip || fallback || document.getElementById("main")).focus();
  reviewed = null;
});

// A refused fragment request (403: the role does not allow it) says so instead of
// silently doing nothing.
document.addEventListener("htmx:responseError", (event) => {
  const live = document.getElementById("live-status");
  if (!live) return;
  const status = event.detail.xhr.status;
  live.textContent = status === 403 ? "Not allowed for your role." : `The server answered ${status}; nothing changed.`;
  live.classList.remove("visually-hidden");
  live.classList.add("message", "error");
});

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

// The reader: when the chosen clause's counterparts arrive in a column, that column scrolls
// to the first of them and marks it, loading the column from there when it is not loaded.
document.addEventListener("htmx:afterSwap", (event) => {
  const slot = event.detail.target;
  if (!slot.classList || !slot.classList.contains("counterparts-slot")) return;
  const first = slot.querySelector("[data-ordinal]");
  if (!first) return;
  const rowId = `${slot.dataset.column}c${first.dataset.ordinal}`;
  const show = () => {
    const row = document.getElementById(rowId);
    if (!row) return;
    row.classList.add("counterpart-of-chosen");
    row.scrollIntoView({ block: "center" });
  };
  if (document.getElementById(rowId)) return show();
  const body = document.getElementById(`${slot.dataset.column}clauses`);
  if (!body) return;
  const url = new URL(location.href);
  url.searchParams.delete("from");
  url.searchParams.delete("before");
  url.searchParams.set("from", `${slot.dataset.plan}:${first.dataset.ordinal}`);
  url.searchParams.set("column", slot.dataset.plan);
  url.searchParams.set("part", "window");
  htmx.ajax("GET", url.pathname + url.search, { target: body, swap: "innerHTML" }).then(show);
});
