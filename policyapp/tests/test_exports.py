"""Exports (CSV, JSON, W3C Web Annotation), the JSON import, their views and commands."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import jsonschema
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from policyapp import exports
from policyapp.export_rows import export_data, render_export
from policyapp.models import (
    Annotation,
    AnnotationRevision,
    AuditEntry,
    Decision,
    Document,
    Orphan,
    Tag,
    Theme,
    Version,
)
from policyapp.roles import ADMINISTRATORS, ANALYSTS, VIEWERS
from policyapp.services.decisions import tag_add, tag_confirm, tag_edit, tag_reject, tag_settle
from policyapp.services.imports import ImportRefused, annotations_import
from policyapp.services.ingest import DocumentFields, version_upload
from policyapp.services.orphans import orphan_dismiss
from policyapp.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("themes")]

PLAN = """# Plan

## 1. Openness

We will support open-source AI communities.

We will publish open data sets.

NIST will develop evaluation standards.

The Department will fund a new building.

We will strengthen export controls on advanced AI chips.
"""


def ingest(capture, data: str, *, filename="plan.md", document=None, short_name="demo-plan"):
    with capture(execute=True):
        outcome = version_upload(
            data=data.encode(),
            filename=filename,
            document=document,
            new_document=None
            if document
            else DocumentFields(title="Demo plan", jurisdiction="US", short_name=short_name),
        )
    outcome.version.refresh_from_db()
    return outcome.version


def note(clause, author, body, *, parent=None, quote: str | None = None, minutes=0):
    fields = {}
    if quote is not None:
        start = clause.text.index(quote)
        fields = {
            "quote_exact": quote,
            "quote_prefix": clause.text[max(0, start - 10) : start],
            "quote_suffix": clause.text[start + len(quote) : start + len(quote) + 10],
            "quote_start": start,
            "quote_end": start + len(quote),
        }
    at = timezone.now() - timedelta(days=1) + timedelta(minutes=minutes)
    return Annotation.objects.create(
        clause=clause, author=author, body=body, parent=parent, created_at=at, updated_at=at,
        **fields,
    )  # fmt: skip


@pytest.fixture
def worked(django_capture_on_commit_callbacks):
    """A plan two analysts worked on: agreement, disagreement, an added tag, a settlement,
    notes with a quote, a reply and an earlier revision, and a clause with only a note."""
    ver = ingest(django_capture_on_commit_callbacks, PLAN)
    ana = factories.user_with_role(ANALYSTS, username="ana")
    ben = factories.user_with_role(ANALYSTS, username="ben")
    ben.first_name, ben.last_name = "Ben", "Okafor"
    ben.save()
    boss = factories.user_with_role(ADMINISTRATORS, username="boss")
    source = ver.clauses.get(text__startswith="We will support")
    data = ver.clauses.get(text__startswith="We will publish")
    standards = ver.clauses.get(text__startswith="NIST")
    building = ver.clauses.get(text__startswith="The Department")
    tag_confirm(tag=source.tags.get(theme="OPEN_SOURCE"), user=ana)
    tag_confirm(tag=source.tags.get(theme="OPEN_SOURCE"), user=ben)
    tag_confirm(tag=data.tags.get(theme="OPEN_DATA"), user=ana)
    tag_reject(tag=data.tags.get(theme="OPEN_DATA"), user=ben)
    tag_edit(tag=standards.tags.get(theme="STANDARDS_INTEROP"), user=ben, stance="NEUTRAL")
    tag_settle(tag=standards.tags.get(theme="STANDARDS_INTEROP"), user=boss, verdict="confirmed")
    tag_add(
        clause=source,
        theme=Theme.objects.get(code="INTL_COOPERATION"),
        stance="PROMOTES",
        modality="DIRECTIVE",
        user=ana,
    )
    root = note(source, ana, "Compare with the EU plan <b>now</b>.", quote="open-source AI")
    AnnotationRevision.objects.create(
        annotation=root, revision=1, body="Compare.", edited_by=ana, saved_at=root.created_at
    )
    Annotation.objects.filter(pk=root.pk).update(revision=2)
    note(source, ben, "The EU plan says less.", parent=root, minutes=5)
    note(building, ben, "Not an openness commitment, but cited by the press.", minutes=7)
    return ver


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_a_row_per_clause_and_theme_and_a_column_per_analyst(worked):
    data = export_data(document=worked.document)
    table = rows(exports.to_csv(data))
    header = list(table[0])
    assert header == [
        "plan", "version", "section", "clause", "page", "text", "theme", "rule suggestion",
        "decision: ana", "decision: ben", "final", "notes",
    ]  # fmt: skip
    by_theme = {(r["text"][:14], r["theme"]): r for r in table}
    assert len(table) == 5  # four decided tags, one clause with only a note
    source = by_theme[("We will suppor", "OPEN_SOURCE")]
    assert source["plan"] == "demo-plan" and source["version"] == "1"
    assert source["section"].endswith("Openness")
    assert source["decision: ana"].startswith("confirmed: PROMOTES")
    assert source["final"].startswith("confirmed: PROMOTES")
    assert 'ana on "open-source AI": Compare with the EU plan <b>now</b>.' in source["notes"]
    assert "↳ ben: The EU plan says less." in source["notes"]
    disputed = by_theme[("We will publis", "OPEN_DATA")]
    assert (disputed["decision: ana"][:9], disputed["decision: ben"]) == ("confirmed", "rejected")
    assert disputed["final"] == "disputed"
    settled = by_theme[("NIST will deve", "STANDARDS_INTEROP")]
    assert settled["decision: ana"] == ""
    assert "settled by boss" in settled["final"] and "NEUTRAL" in settled["final"]
    added = by_theme[("We will suppor", "INTL_COOPERATION")]
    assert added["rule suggestion"] == "(added by ana)"
    only_note = by_theme[("The Department", "")]
    assert only_note["notes"] == "ben: Not an openness commitment, but cited by the press."


def test_csv_with_suggestions_adds_the_undecided_rule_tags(worked):
    decided = rows(exports.to_csv(export_data(document=worked.document)))
    everything = rows(
        exports.to_csv(export_data(document=worked.document, include_suggestions=True))
    )
    undecided = Tag.objects.for_version(worked).rule_suggestions().count()
    assert undecided > 0
    assert len(everything) == len(decided) + undecided


def test_the_read_layer_uses_a_fixed_number_of_queries(worked, django_capture_on_commit_callbacks):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            for fmt in exports.FORMATS:
                render_export(fmt, document=None, include_suggestions=True, base_url="http://x/")
        return len(queries)

    before = count()
    other = ingest(
        django_capture_on_commit_callbacks,
        PLAN.replace("NIST", "The agency"),
        filename="other.md",
        short_name="other-plan",
    )
    ana = get_user_model().objects.get(username="ana")
    for tag in Tag.objects.for_version(other):
        tag_confirm(tag=tag, user=ana)
    for clause in other.clauses.all():
        note(clause, ana, "More work.")
    assert count() == before


def test_json_round_trip_into_a_fresh_database_gives_the_same_file(
    worked, django_capture_on_commit_callbacks
):
    first = render_export("json", document=None, include_suggestions=False, base_url="")
    parsed = json.loads(first)
    assert parsed["format_version"] == exports.FORMAT_VERSION
    assert parsed["plans"][0]["versions"][0]["sha256"] == worked.sha256
    assert len(parsed["notes"]) == 2 and len(parsed["notes"][0]["replies"]) == 1
    assert parsed["notes"][0]["revisions"][0]["body"] == "Compare."

    # A fresh database with the same plan: nothing of the analysts' work, nor the analysts.
    Document.objects.all().delete()
    get_user_model().objects.filter(username__in=["ana", "ben", "boss"]).delete()
    fresh = ingest(django_capture_on_commit_callbacks, PLAN)
    assert Tag.objects.for_version(fresh).decided().count() == 0

    summary = annotations_import(data=parsed)
    assert (summary.tags, summary.notes, summary.users_created) == (4, 3, 3)
    ben = get_user_model().objects.get(username="ben")
    assert (ben.is_active, ben.has_usable_password(), ben.get_full_name()) == (
        False,
        False,
        "Ben Okafor",
    )
    again = render_export("json", document=None, include_suggestions=False, base_url="")
    assert again == first

    # Idempotent: the same file twice changes nothing.
    counts = (Tag.objects.count(), Decision.objects.count(), Annotation.objects.count())
    annotations_import(data=json.loads(first))
    assert (Tag.objects.count(), Decision.objects.count(), Annotation.objects.count()) == counts
    assert render_export("json", document=None, include_suggestions=False, base_url="") == first
    assert AuditEntry.objects.filter(action="annotations.import").count() == 2


def test_orphans_of_a_revision_round_trip_with_their_state(
    worked, django_capture_on_commit_callbacks
):
    # A revision drops two clauses: a decided tag and a note lose their place.
    revised = PLAN.replace("We will publish open data sets.\n\n", "").replace(
        "The Department will fund a new building.\n\n", ""
    )
    v2 = ingest(django_capture_on_commit_callbacks, revised, filename="plan-v2.md",
                document=worked.document)  # fmt: skip
    orphans = {o.tag_id is not None: o for o in Orphan.objects.filter(version=v2)}
    assert set(orphans) == {True, False}, "a tag and a note were expected to be orphaned"
    boss = get_user_model().objects.get(username="boss")
    orphan_dismiss(orphan=orphans[False], user=boss)

    first = render_export("json", document=None, include_suggestions=False, base_url="")
    listed = json.loads(first)["orphans"]
    assert sorted((o["tag"] is not None, o["status"], o["resolved_by"] or "") for o in listed) == [
        (False, "dismissed", "boss"),
        (True, "open", ""),
    ]
    assert {o["version"] for o in listed} == {v2.sha256}
    tag_ref = next(o["tag"] for o in listed if o["tag"])
    assert (tag_ref["version"], tag_ref["theme"]) == (worked.sha256, "OPEN_DATA")

    # A fresh database with both versions: the orphans come back as they were.
    Document.objects.all().delete()
    get_user_model().objects.filter(username__in=["ana", "ben", "boss"]).delete()
    fresh = ingest(django_capture_on_commit_callbacks, PLAN)
    ingest(django_capture_on_commit_callbacks, revised, filename="plan-v2.md", document=fresh.document)
    assert not Orphan.objects.exists()
    summary = annotations_import(data=json.loads(first))
    assert summary.orphans == 2
    assert render_export("json", document=None, include_suggestions=False, base_url="") == first
    # Twice: nothing new.
    annotations_import(data=json.loads(first))
    assert Orphan.objects.count() == 2


def test_an_orphan_naming_work_the_file_does_not_hold_is_refused(worked, django_capture_on_commit_callbacks):
    revised = PLAN.replace("We will publish open data sets.\n\n", "")
    ingest(django_capture_on_commit_callbacks, revised, filename="plan-v2.md", document=worked.document)
    parsed = json.loads(render_export("json", document=None, include_suggestions=False, base_url=""))
    assert parsed["orphans"]
    parsed["orphans"][0]["tag"]["theme"] = "EXPORT_CONTROLS"
    with pytest.raises(ImportRefused, match="orphan"):
        annotations_import(data=parsed)


def test_a_version_1_file_without_orphans_still_imports(worked):
    parsed = json.loads(render_export("json", document=None, include_suggestions=False, base_url=""))
    del parsed["orphans"]
    parsed["format_version"] = 1
    assert annotations_import(data=parsed).orphans == 0


def test_import_refuses_other_formats_and_missing_plans_and_writes_nothing(worked):
    parsed = json.loads(exports.to_json(export_data()))
    with pytest.raises(ImportRefused, match="format version 99"):
        annotations_import(data=parsed | {"format_version": 99})
    with pytest.raises(ImportRefused, match="not a policyapp JSON export"):
        annotations_import(data={"annotations": []})

    missing = json.loads(json.dumps(parsed))
    missing["plans"].append(
        {"short_name": "gone-plan", "title": "Gone", "jurisdiction": "FR", "language": "en",
         "versions": []}
    )  # fmt: skip
    with pytest.raises(ImportRefused, match="gone-plan"):
        annotations_import(data=missing)

    # A clause whose words differ: refused, and the tags before it were not written either.
    changed = json.loads(json.dumps(parsed))
    changed["clauses"][-1]["text"] = "Something else entirely."
    changed["users"].append({"username": "newcomer", "name": ""})
    Decision.objects.all().delete()
    with pytest.raises(ImportRefused, match="differ"):
        annotations_import(data=changed)
    assert Decision.objects.count() == 0
    assert not get_user_model().objects.filter(username="newcomer").exists()


# W3C Web Annotation ---------------------------------------------------------------------

TEXTUAL_BODY = {
    "type": "object",
    "required": ["type", "value"],
    "properties": {
        "type": {"const": "TextualBody"},
        "value": {"type": "string"},
        "purpose": {
            "enum": [
                "assessing", "bookmarking", "classifying", "commenting", "describing",
                "editing", "highlighting", "identifying", "linking", "moderating",
                "questioning", "replying", "tagging",
            ]
        },
    },
}  # fmt: skip
SELECTOR = {
    "oneOf": [
        {
            "type": "object",
            "required": ["type", "exact"],
            "properties": {
                "type": {"const": "TextQuoteSelector"},
                "exact": {"type": "string", "minLength": 1},
                "prefix": {"type": "string"},
                "suffix": {"type": "string"},
            },
        },
        {
            "type": "object",
            "required": ["type", "start", "end"],
            "properties": {
                "type": {"const": "TextPositionSelector"},
                "start": {"type": "integer", "minimum": 0},
                "end": {"type": "integer", "minimum": 0},
            },
        },
    ]
}
IRI = {"type": "string", "pattern": "^[a-z][a-z0-9+.-]*:"}
AGENT = {
    "type": "object",
    "required": ["type"],
    "properties": {"id": IRI, "type": {"enum": ["Person", "Software", "Organization"]}},
}
# The Web Annotation Data Model's required fields (https://www.w3.org/TR/annotation-model/):
# context, id, type, target; bodies and selectors as the model defines them.
W3C_SCHEMA = {
    "type": "object",
    "required": ["@context", "id", "type", "first"],
    "properties": {
        "@context": {"const": "http://www.w3.org/ns/anno.jsonld"},
        "id": IRI,
        "type": {"const": "AnnotationCollection"},
        "total": {"type": "integer", "minimum": 0},
        "first": {
            "type": "object",
            "required": ["type", "items"],
            "properties": {
                "type": {"const": "AnnotationPage"},
                "items": {"type": "array", "items": {"$ref": "#/$defs/annotation"}},
            },
        },
    },
    "$defs": {
        "annotation": {
            "type": "object",
            "required": ["id", "type", "target"],
            "properties": {
                "id": IRI,
                "type": {"const": "Annotation"},
                "motivation": {"enum": ["tagging", "commenting", "replying"]},
                "body": {"oneOf": [TEXTUAL_BODY, {"type": "array", "items": TEXTUAL_BODY}]},
                "creator": {"oneOf": [AGENT, {"type": "array", "items": AGENT}]},
                "generator": AGENT,
                "created": {"type": "string", "format": "date-time"},
                "modified": {"type": "string", "format": "date-time"},
                "target": {
                    "oneOf": [
                        IRI,
                        {
                            "type": "object",
                            "required": ["source", "selector"],
                            "properties": {
                                "source": IRI,
                                "selector": {"type": "array", "items": SELECTOR, "minItems": 1},
                            },
                        },
                    ]
                },
            },
        }
    },
}


def w3c(**options) -> dict:
    text = render_export("w3c", base_url="http://testserver/", **options)
    return json.loads(text)


def test_w3c_export_validates_and_each_quote_is_the_text_at_its_offsets(worked):
    collection = w3c(document=None, include_suggestions=True)
    jsonschema.validate(collection, W3C_SCHEMA, format_checker=jsonschema.FormatChecker())
    items = collection["first"]["items"]
    assert collection["total"] == len(items)
    texts = {
        f"http://testserver{reverse('version_text', args=[v.document.short_name, v.number])}": v.text
        for v in Version.objects.all()
    }
    checked = 0
    for item in items:
        if isinstance(item["target"], str):
            continue
        text = texts[item["target"]["source"]]
        quote, position = item["target"]["selector"]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote.get("prefix", ""))
        assert text[position["end"] :].startswith(quote.get("suffix", ""))
        checked += 1
    assert checked == len(items) - 1  # all but the reply


def test_w3c_tags_notes_replies_and_generator(worked):
    items = w3c(document=worked.document, include_suggestions=True)["first"]["items"]
    by_motivation: dict[str, list] = {}
    for item in items:
        by_motivation.setdefault(item["motivation"], []).append(item)
    tagging = by_motivation["tagging"]
    assert len(tagging) == Tag.objects.for_version(worked).count()
    added = next(t for t in tagging if t["body"][0]["value"] == "INTL_COOPERATION")
    assert added["body"][0]["purpose"] == "tagging"
    assert added["creator"]["nickname"] == "ana" and "generator" not in added
    suggestion = next(t for t in tagging if "creator" not in t)
    assert suggestion["generator"]["type"] == "Software"
    assert worked.ruleset_version in suggestion["generator"]["name"]

    comment = next(n for n in by_motivation["commenting"] if "EU plan" in n["body"]["value"])
    assert comment["target"]["selector"][0]["exact"] == "open-source AI"
    assert comment["creator"]["nickname"] == "ana"
    (reply,) = by_motivation["replying"]
    assert reply["target"] == comment["id"] and reply["body"]["purpose"] == "replying"
    # Without the flag, the rules' undecided suggestions stay out.
    decided = w3c(document=worked.document, include_suggestions=False)["first"]["items"]
    assert all("creator" in item for item in decided)


# Views and commands ----------------------------------------------------------------------


def test_viewers_download_each_format_with_a_file_name(client, worked):
    client.force_login(factories.user_with_role(VIEWERS))
    page = client.get(reverse("exports"))
    assert page.status_code == 200
    assert reverse("export_plan", args=["demo-plan", "w3c"]) in page.content.decode()
    day = timezone.localdate().isoformat()
    for fmt, name in [
        ("csv", f"policyapp-demo-plan-{day}.csv"),
        ("json", f"policyapp-demo-plan-{day}.json"),
        ("w3c", f"policyapp-demo-plan-annotations-{day}.jsonld"),
    ]:
        response = client.get(reverse("export_plan", args=["demo-plan", fmt]))
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    everything = client.get(reverse("export_all", args=["csv"]) + "?suggestions=1")
    assert everything["Content-Disposition"].startswith('attachment; filename="policyapp-all-')
    assert len(rows(everything.content.decode())) > 5
    assert client.get(reverse("export_all", args=["pdf"])).status_code == 404
    text = client.get(reverse("version_text", args=["demo-plan", 1]))
    assert text.content.decode() == worked.text


def test_exports_are_linked_from_home_and_the_plan_page(client, worked):
    client.force_login(factories.user_with_role(VIEWERS))
    link = reverse("export_plan", args=["demo-plan", "csv"])
    assert link in client.get(worked.document.get_absolute_url()).content.decode()
    assert reverse("export_all", args=["csv"]) in client.get(reverse("home")).content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, worked):
    for url in (
        reverse("exports"),
        reverse("export_all", args=["json"]),
        reverse("export_plan", args=["demo-plan", "csv"]),
        reverse("version_text", args=["demo-plan", 1]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_export_command_writes_each_format_to_standard_output(worked):
    out = io.StringIO()
    call_command("export_annotations", "--format", "json", "--document", "demo-plan", stdout=out)
    assert out.getvalue() == exports.to_json(export_data(document=worked.document))
    out = io.StringIO()
    call_command("export_annotations", "--format", "csv", "--include-suggestions", stdout=out)
    assert len(rows(out.getvalue())) > 5
    out = io.StringIO()
    call_command(
        "export_annotations", "--format", "w3c", "--base-url", "https://policy.example.org",
        stdout=out,
    )  # fmt: skip
    first = json.loads(out.getvalue())["first"]["items"][0]
    assert first["target"]["source"].startswith("https://policy.example.org/documents/demo-plan/")
    with pytest.raises(CommandError, match="no-such-plan"):
        call_command("export_annotations", "--format", "csv", "--document", "no-such-plan")


def test_import_command_restores_and_explains_refusals(worked, tmp_path):
    exported = tmp_path / "work.json"
    exported.write_text(exports.to_json(export_data()), encoding="utf-8")
    Decision.objects.all().delete()
    out = io.StringIO()
    call_command("import_annotations", str(exported), stdout=out)
    assert "4 tags, 6 decisions, 3 notes" in out.getvalue()
    assert Decision.objects.count() == 6

    other = tmp_path / "other.json"
    other.write_text(json.dumps(json.loads(exported.read_text()) | {"format_version": 99}))
    with pytest.raises(CommandError, match="Nothing imported. This file is format version 99"):
        call_command("import_annotations", str(other))
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_annotations", str(tmp_path / "missing.json"))


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_neutralised():
    """Pure: no database. A cell starting with = + - @ gets a leading apostrophe."""
    at = timezone.now()
    clause = exports.ClauseRow("p", 1, "abc", 1, "1", "", None, "", "=HYPERLINK(1)", 0, 13)
    note_row = exports.NoteRow(
        key="n1", sha256="abc", ordinal=1, author="@eve", body="-1", quote_exact="",
        quote_prefix="", quote_suffix="", quote_start=None, quote_end=None, revision=1,
        deleted_at=None, created_at=at, updated_at=at,
    )  # fmt: skip
    data = exports.ExportData(
        plans=[], versions=[], clauses=[clause], tags=[], notes=[note_row], users=[]
    )
    (row,) = rows(exports.to_csv(data))
    assert (row["text"], row["notes"]) == ("'=HYPERLINK(1)", "'@eve: -1")
