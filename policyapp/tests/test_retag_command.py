"""`manage.py retag` end to end: the per-theme report, the total, and --dry-run."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from policyapp import tagging
from policyapp.models import Tag
from policyapp.services.tags import version_tag
from policyapp.tests import factories

pytestmark = pytest.mark.django_db

OPEN_SOURCE = "Encourage open-source AI development across the research community."
EXPORT = "Led by the Department of Commerce, strengthen export controls on advanced chips."


def tagged_version(short_name: str, *texts: str, **fields):
    doc = factories.document(short_name=short_name)
    ver = factories.version(doc, text=" ".join(texts), **fields)
    offset = 0
    for n, part in enumerate(texts, start=1):
        factories.clause(ver, start=offset, end=offset + len(part), label=f"§{n}")
        offset += len(part) + 1
    version_tag(version=ver)
    return ver


def out_of_date(ver) -> None:
    """Make the stored suggestions differ from what the rules say, as an old ruleset would."""
    tags = Tag.objects.for_version(ver)
    tags.filter(theme="OPEN_SOURCE").delete()
    tags.filter(theme="EXPORT_CONTROLS").update(stance="PROMOTES", ruleset_version="old")
    type(ver).objects.filter(pk=ver.pk).update(ruleset_version="old")


def run(*args: str) -> str:
    stdout = StringIO()
    call_command("retag", *args, stdout=stdout)
    return stdout.getvalue()


def db_state() -> list[dict]:
    return [model_to_dict(tag) for tag in Tag.objects.order_by("pk")]


def test_dry_run_reports_per_theme_and_saves_nothing():
    ver = tagged_version("us-plan", OPEN_SOURCE, EXPORT)
    out_of_date(ver)
    before = db_state()

    output = run("--dry-run")

    ruleset = tagging.ruleset_version()
    assert db_state() == before
    lines = output.splitlines()
    assert lines[0] == (
        f"us-plan v1: ruleset old → {ruleset}; 0 analyst decisions kept as they are"
    )
    assert lines[1].split() == ["theme", "added", "dropped", "changed"]
    assert lines[2].split() == ["OPEN_SOURCE", "1", "0", "0"]
    assert lines[3].startswith(f'    + §1: "{OPEN_SOURCE}": (none) → PROMOTES by ')
    assert lines[4].split() == ["EXPORT_CONTROLS", "0", "0", "1"]
    assert lines[5] == f'    ~ §2: "{EXPORT}": stance PROMOTES → RESTRICTS'
    assert lines[6].split() == ["all", "themes", "1", "0", "1"]
    assert (
        lines[-1] == "Total: 1 added, 0 dropped, 1 changed in 1 document (dry run: nothing saved)"
    )


def test_retag_saves_and_a_second_run_finds_nothing_to_do():
    ver = tagged_version("us-plan", OPEN_SOURCE, EXPORT)
    out_of_date(ver)

    output = run()

    assert output.splitlines()[-1] == "Total: 1 added, 0 dropped, 1 changed in 1 document"
    tags = {tag.theme_id: tag for tag in Tag.objects.for_version(ver)}
    assert tags["EXPORT_CONTROLS"].stance == "RESTRICTS"
    assert tags["EXPORT_CONTROLS"].ruleset_version == tagging.ruleset_version()
    assert "OPEN_SOURCE" in tags
    second = run().splitlines()
    assert second[1] == "  no change"
    assert second[-1] == "Total: 0 added, 0 dropped, 0 changed in 1 document"


def test_without_document_every_documents_latest_ready_version_is_retagged():
    first = tagged_version("a-plan", OPEN_SOURCE)
    older = tagged_version("b-plan", EXPORT)
    newer = factories.version(older.document, status="processing")
    failed = tagged_version("c-plan", EXPORT, status="failed")
    for ver in (first, older, failed):
        out_of_date(ver)

    output = run()

    headers = [line.split(":")[0] for line in output.splitlines() if not line.startswith(" ")]
    assert headers == ["a-plan v1", "b-plan v1", "Total"]
    assert output.splitlines()[-1] == "Total: 1 added, 0 dropped, 1 changed in 2 documents"
    assert Tag.objects.for_version(failed).get(theme="EXPORT_CONTROLS").stance == "PROMOTES"
    assert newer.number == 2


def test_document_option_retags_only_that_document():
    one = tagged_version("one", EXPORT)
    two = tagged_version("two", EXPORT)
    out_of_date(one)
    out_of_date(two)

    output = run("--document", "two")

    assert output.splitlines()[0].startswith("two v1:")
    assert Tag.objects.for_version(one).get(theme="EXPORT_CONTROLS").stance == "PROMOTES"
    assert Tag.objects.for_version(two).get(theme="EXPORT_CONTROLS").stance == "RESTRICTS"


def test_unknown_document_or_nothing_ready_is_an_error():
    with pytest.raises(CommandError, match="No document with the short name 'nope'"):
        run("--document", "nope")
    factories.version(factories.document(short_name="pending-plan"), status="pending")
    with pytest.raises(CommandError, match="pending-plan has no ready version"):
        run("--document", "pending-plan")
