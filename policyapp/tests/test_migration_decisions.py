"""Migration 0004: each tag's single status becomes its decider's Decision."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("policyapp", "0003_clause_page_label")]
AFTER = [("policyapp", "0004_decisions_and_history")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def at_0003(themes):
    apps = migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_decided_tags_become_decisions_and_suggestions_stay_undecided(at_0003):
    apps = at_0003
    User = apps.get_model("auth", "User")
    Document, Version = apps.get_model("policyapp", "Document"), apps.get_model("policyapp", "Version")
    Clause, Tag = apps.get_model("policyapp", "Clause"), apps.get_model("policyapp", "Tag")
    ana = User.objects.create(username="ana")
    ben = User.objects.create(username="ben")
    doc = Document.objects.create(title="Plan", short_name="plan", jurisdiction="US")
    text = "Open source and open data, with export controls and transparency."
    ver = Version.objects.create(document=doc, number=1, sha256="a" * 64, file="f.txt",
                                 status="ready", text=text, language="en")  # fmt: skip
    clause = Clause.objects.create(version=ver, ordinal=1, label="1", text=text, start=0,
                                   end=len(text), language="en")  # fmt: skip
    when = timezone.now()

    def tag(theme, **fields):
        values = {"stance": "PROMOTES", "modality": "DIRECTIVE", "actor": ""} | fields
        return Tag.objects.create(clause=clause, theme_id=theme, **values).pk

    confirmed = tag("OPEN_SOURCE", status="confirmed", decided_by=ana, decided_at=when)
    rejected = tag("EXPORT_CONTROLS", stance="RESTRICTS", status="rejected", decided_by=ben,
                   decided_at=when)  # fmt: skip
    edited = tag("OPEN_DATA", modality="ENCOURAGEMENT", actor="NSF", status="confirmed",
                 edited=True, decided_by=ana, decided_at=when)  # fmt: skip
    added = tag("TRANSPARENCY", stance="NEUTRAL", source="analyst", status="confirmed",
                decided_by=ben, decided_at=when)  # fmt: skip
    suggested = tag("OPEN_SCIENCE", rule_ids=["os-1"])

    apps = migrate(AFTER)

    Tag, Decision = apps.get_model("policyapp", "Tag"), apps.get_model("policyapp", "Decision")
    decisions = {
        d.tag_id: (d.analyst.username, d.verdict, d.stance, d.modality, d.actor, d.updated_at)
        for d in Decision.objects.select_related("analyst")
    }
    assert decisions == {
        confirmed: ("ana", "confirmed", "PROMOTES", "DIRECTIVE", "", when),
        rejected: ("ben", "rejected", "RESTRICTS", "DIRECTIVE", "", when),
        edited: ("ana", "confirmed", "PROMOTES", "ENCOURAGEMENT", "NSF", when),
        added: ("ben", "confirmed", "NEUTRAL", "DIRECTIVE", "", when),
    }
    tags = {t.pk: t for t in Tag.objects.all()}
    # The values a tag holds become its suggestion: the edit's original is not known.
    assert (tags[edited].suggested_modality, tags[edited].suggested_actor) == ("ENCOURAGEMENT", "NSF")
    assert not any(t.edited for t in tags.values())
    assert tags[added].created_by_id == User.objects.get(username="ben").pk
    assert tags[confirmed].created_by_id is None
    assert [tags[pk].status for pk in (confirmed, rejected, edited, added, suggested)] == [
        "confirmed", "rejected", "confirmed", "confirmed", "suggested",
    ]  # fmt: skip
    assert (tags[suggested].suggested_stance, tags[suggested].decided_by_id) == ("PROMOTES", None)
