// Add a tag by selecting words in a clause: the selection becomes code-point offsets into
// the clause text and fills the clause's "Add a tag" form. Loaded only on the reading view
// for people who may add tags; without it, the form takes typed words.
//
// JavaScript strings count UTF-16 code units; the server counts code points (an emoji or
// other astral character is two units, one code point). Array.from splits by code point.
(() => {
  const codePoints = (text) => Array.from(text).length;

  // The selection's place in `element`'s text: [start, end) in code points, and the words.
  function selectionIn(element, range) {
    const before = document.createRange();
    before.selectNodeContents(element);
    before.setEnd(range.startContainer, range.startOffset);
    let startUnits = before.toString().length;
    let words = range.toString();
    // A double click often takes a space with the word: keep the words only.
    const leading = words.length - words.trimStart().length;
    startUnits += leading;
    words = words.trim();
    if (!words) return null;
    const text = element.textContent;
    const start = codePoints(text.slice(0, startUnits));
    return { start, end: start + codePoints(words), exact: words };
  }

  const button = document.createElement("button");
  button.type = "button";
  button.className = "small-button tag-selection";
  button.hidden = true;
  let pending = null;

  function clauseOf(node) {
    const element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    return element && element.closest(".clause-text");
  }

  function update() {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return hide();
    const range = selection.getRangeAt(0);
    const text = clauseOf(range.startContainer);
    if (!text || text !== clauseOf(range.endContainer)) return hide();
    const clause = text.closest(".clause");
    // The reader's columns show a Review link where the reading view has the add link.
    const adder = clause && clause.querySelector(".tag-add-form, .tag-add-link, .review-open");
    const quote = adder && selectionIn(text, range);
    if (!quote) return hide();
    pending = { clause, quote };
    button.textContent = `Tag “${quote.exact.length > 40 ? quote.exact.slice(0, 40) + "…" : quote.exact}”`;
    clause.querySelector(".clause-tags-box").prepend(button);
    button.hidden = false;
  }

  function hide() {
    button.hidden = true;
  }

  button.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
  function fill(form, quote) {
    form.elements.quote_exact.value = quote.exact;
    form.elements.quote_start.value = quote.start;
    form.elements.quote_end.value = quote.end;
    form.closest("details").open = true;
    form.elements.theme.focus();
  }

  button.addEventListener("click", () => {
    if (!pending) return;
    const { clause, quote } = pending;
    hide();
    // The words now live in the form; a selection left behind would offer the button again.
    document.getSelection().removeAllRanges();
    const form = clause.querySelector(".tag-add-form");
    if (form) return fill(form, quote);
    // The reading view carries a link per clause; the form comes from the server. The
    // clause's id prefix (its hx-vals) goes along as a value: with the link as the
    // request's source, the review script would move focus away from the form.
    const values = JSON.parse(clause.getAttribute("hx-vals") || "{}");
    const openAdd = () => {
      const link = clause.querySelector(".tag-add-link");
      if (!link) return;
      htmx.ajax("GET", link.getAttribute("href"), { target: link, swap: "outerHTML", values }).then(() => {
        const loaded = clause.querySelector(".tag-add-form");
        if (loaded) fill(loaded, quote);
      });
    };
    const review = clause.querySelector(".review-open");
    if (!review || clause.querySelector(".tag-add-link")) return openAdd();
    // A reader column: load the clause's review controls first, then its add form.
    htmx.ajax("GET", review.getAttribute("hx-get"), {
      target: review.closest(".clause-tags-box"), swap: "outerHTML", values,
    }).then(openAdd);
  });

  // Typing over the quote drops the offsets: the server then finds the typed words.
  document.addEventListener("input", (event) => {
    if (event.target.name !== "quote_exact") return;
    const form = event.target.form;
    form.elements.quote_start.value = "";
    form.elements.quote_end.value = "";
  });

  document.addEventListener("mouseup", () => setTimeout(update, 0));
  document.addEventListener("keyup", (event) => {
    if (event.shiftKey || event.key === "Shift") update();
  });
})();
