"""How history entries read: a verb per action, and before/after as rows a person can scan.

Pure: takes the stored action and JSON values, returns text. The history page and the
home page's recent activity both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Past-tense verbs; "{theme}" is filled from the entry's summary when it names one.
VERBS = {
    "decision.confirmed": "confirmed",
    "decision.rejected": "rejected",
    "decision.withdraw": "withdrew a decision on",
    "tag.add": "added",
    "tag.remove": "removed",
    "tag.settle": "settled",
    "tag.move": "moved",
    "tag.orphan": "could not place",
    "note.add": "wrote a",
    "note.reply": "wrote a",
    "note.edit": "edited a",
    "note.delete": "deleted a",
    "version.upload": "uploaded",
    "version.ready": "finished reading",
    "version.failed": "could not read",
    "version.retag": "retagged",
    "version.delete": "deleted",
    "version.retry": "asked to read again",
    "document.create": "created the plan",
    "document.change": "edited the plan",
    "document.delete": "deleted the plan",
}

# Labels of the fields a before/after may hold, in the order they are shown.
FIELD_LABELS = {
    "verdict": "verdict",
    "status": "status",
    "theme": "theme",
    "stance": "stance",
    "modality": "modality",
    "actor": "actor",
    "body": "text",
    "quote": "quote",
    "revision": "version",
    "deleted": "deleted",
    "number": "version",
    "file": "file",
    "error": "error",
    "pages": "pages",
    "clauses": "clauses",
    "suggestions": "suggestions",
    "ruleset": "ruleset",
    "added": "added",
    "dropped": "dropped",
    "changed": "changed",
    "decided_kept": "decisions kept",
}


def verb(action: str) -> str:
    return VERBS.get(action, action.replace(".", " "))


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _flatten(values: Any) -> dict[str, Any]:
    """A decision's snapshot nests {"decision": ..., "tag": ...}: show both, prefixed."""
    if not isinstance(values, dict):
        return {}
    flat: dict[str, Any] = {}
    for key, value in values.items():
        if key in ("decision", "tag") and (isinstance(value, dict) or value is None):
            for inner, item in (value or {}).items():
                flat[f"{key} {inner}" if key == "tag" else inner] = item
        elif key == "clause" and isinstance(value, dict):
            continue  # shown as the entry's place, not as a change
        else:
            flat[key] = value
    return flat


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else (
            ", ".join(map(str, value))
        )
    return str(value)


def changes(before: Any, after: Any) -> list[Change]:
    """Before and after as rows, known fields first, each value as text."""
    old, new = _flatten(before), _flatten(after)
    names = list(dict.fromkeys([*old, *new]))
    order = list(FIELD_LABELS)

    def rank(name: str) -> tuple[int, str]:
        base = name.split(" ")[-1]
        return (order.index(base) if base in order else len(order), name)

    rows = []
    for name in sorted(names, key=rank):
        if name in ("parent", "new_plan", "sha256"):
            continue
        base = name.split(" ")[-1]
        label = FIELD_LABELS.get(base, base.replace("_", " "))
        if name.startswith("tag "):
            label = f"tag {label}"
        row = Change(label, _text(old.get(name)), _text(new.get(name)))
        if row.before == row.after == "—":
            continue  # nothing there before or after (a note without a quote)
        rows.append(row)
    return rows
