"""The history (administrators): every change to decisions, notes, plans and versions,
filterable by user, plan and dates; and the recent activity shown on the home page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from policyapp import history
from policyapp.models import Annotation, AuditEntry, Clause, Document, Tag, Version
from policyapp.roles import reads

PAGE_SIZE = 50


@dataclass
class Line:
    """One entry as it reads: "ana confirmed OPEN_SOURCE on US › I › 3", and where to look."""

    entry: AuditEntry
    who: str
    verb: str
    what: str
    where: str
    url: str | None
    changes: list[history.Change] = field(default_factory=list)


def _clause_url(clause: Clause, anchor: str | None = None) -> str:
    version = clause.version
    base = reverse("document_version", args=[version.document.short_name, version.number])
    return f"{base}#{anchor or f'c{clause.ordinal}'}"


def _theme(entry: AuditEntry) -> str:
    for values in (entry.after, entry.before):
        if isinstance(values, dict):
            tag = values.get("tag") if isinstance(values.get("tag"), dict) else values
            if tag.get("theme"):
                return tag["theme"]
    return entry.summary.split(" on ", 1)[0]


def describe(entries: list[AuditEntry]) -> list[Line]:
    """Readable lines for a page of entries: one query per kind of target, not per entry."""
    ids: dict[str, set[int]] = {"tag": set(), "annotation": set(), "version": set()}
    for entry in entries:
        if entry.target_type in ids and entry.target_id is not None:
            ids[entry.target_type].add(entry.target_id)
    clause_path = "clause__version__document"
    tags = {t.pk: t for t in Tag.objects.filter(pk__in=ids["tag"]).select_related(clause_path)}
    notes = {
        n.pk: n for n in Annotation.objects.filter(pk__in=ids["annotation"]).select_related(clause_path)
    }
    versions = {
        v.pk: v for v in Version.objects.filter(pk__in=ids["version"]).select_related("document")
    }
    lines = []
    for entry in entries:
        who = entry.user.get_username() if entry.user else "policyapp"
        where, url, what = entry.document_name or "—", None, entry.summary
        values = entry.after if isinstance(entry.after, dict) else (entry.before or {})
        if entry.target_type == "tag":
            what = _theme(entry)
            tag = tags.get(entry.target_id)
            label = entry.summary.split(" on ", 1)[-1]
            if tag is not None:
                label, url = tag.clause.label, _clause_url(tag.clause)
            where = _place(entry, label)
        elif entry.target_type == "annotation":
            what = "reply" if values.get("parent") else "note"
            if values.get("quote"):
                what += f" on “{values['quote']}”"
            note = notes.get(entry.target_id)
            clause = (values.get("clause") or {}).get("label", "")
            if note is not None:
                clause = note.clause.label
                url = _clause_url(note.clause, f"note-{note.pk}").replace(
                    "#", f"?notes={note.clause.ordinal}#", 1
                )
            where = _place(entry, clause)
        elif entry.target_type == "version":
            version = versions.get(entry.target_id)
            detail = entry.summary.split(": ", 1)[-1] if ": " in entry.summary else ""
            number = values.get("number") or (version.number if version else "")
            what = f"{entry.document_name} v{number}" if number else entry.document_name
            if detail and entry.action in ("version.retag", "version.ready", "version.failed"):
                what += f" ({detail})"
            if version is not None:
                url = reverse("version_detail", args=[version.document.short_name, version.number])
            where = ""
        elif entry.target_type == "document":
            what, where = entry.summary, ""
            if entry.document is not None:
                url = entry.document.get_absolute_url()
        lines.append(
            Line(entry, who, history.verb(entry.action), what, where, url,
                 history.changes(entry.before, entry.after))
        )  # fmt: skip
    return lines


def _place(entry: AuditEntry, label: str) -> str:
    jurisdiction = entry.document.jurisdiction if entry.document else entry.document_name
    return " › ".join(part for part in (jurisdiction, label) if part)


class HistoryFilter(forms.Form):
    user = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False,
                                  empty_label="Anyone")  # fmt: skip
    plan = forms.ModelChoiceField(queryset=Document.objects.none(), required=False,
                                  empty_label="Any plan", to_field_name="short_name")  # fmt: skip
    since = forms.DateField(required=False, label="From",
                            widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    until = forms.DateField(required=False, label="To",
                            widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.order_by("username")
        self.fields["plan"].queryset = Document.objects.order_by("jurisdiction", "title")

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("The start date is after the end date.")
        return data


@reads("policyapp.view_auditentry")
def history_page(request: HttpRequest) -> HttpResponse:
    form = HistoryFilter(request.GET or None)
    entries = AuditEntry.objects.listed()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        entries = entries.filtered(
            user_id=data["user"].pk if data["user"] else None,
            document_id=data["plan"].pk if data["plan"] else None,
            since=data["since"],
            until=data["until"],
        )
    elif form.is_bound:
        entries = entries.none()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "history/page.html",
        {"form": form, "page": page, "lines": describe(list(page.object_list)),
         "query": query.urlencode()},
    )  # fmt: skip


def recent_activity(user, limit: int = 10) -> list[Line] | None:
    """The home page's latest changes, for people who annotate (analysts, administrators).

    Viewers read the plans and the settled results; colleagues' work in progress, and
    their names, are not theirs to follow, so they get None (nothing shown)."""
    if not user.is_authenticated or not user.has_perm("policyapp.add_annotation"):
        return None
    return describe(AuditEntry.objects.recent(limit))
