"""A tag's status from several analysts' decisions and an administrator's settlement."""

from __future__ import annotations

import pytest

from policyapp.consensus import Say, Values, outcome
from policyapp.models import AuditEntry, Decision, Tag, TagStatus, Theme
from policyapp.roles import ADMINISTRATORS, ANALYSTS
from policyapp.services.decisions import (
    decision_record,
    decision_withdraw,
    tag_add,
    tag_settle,
)
from policyapp.tests import factories

RULE = Values("PROMOTES", "DIRECTIVE", "Department of Commerce")
EDITED = Values("PROMOTES", "ENCOURAGEMENT", "Department of Commerce")


def test_no_decision_leaves_the_suggestion():
    assert outcome(RULE, []) == outcome(RULE, ())
    assert outcome(RULE, []).status == "suggested"
    assert outcome(RULE, []).values == RULE


def test_agreeing_analysts_make_the_tag_theirs():
    result = outcome(RULE, [Say("confirmed", EDITED), Say("confirmed", EDITED)])
    assert (result.status, result.values) == ("confirmed", EDITED)


def test_rejections_agree_whatever_values_they_carry():
    result = outcome(RULE, [Say("rejected", RULE), Say("rejected", EDITED)])
    assert (result.status, result.values) == ("rejected", RULE)


@pytest.mark.parametrize(
    "decisions",
    [
        [Say("confirmed", RULE), Say("rejected", RULE)],
        [Say("confirmed", RULE), Say("confirmed", EDITED)],
    ],
)
def test_any_difference_is_a_dispute_showing_the_suggestion(decisions):
    assert outcome(RULE, decisions) == outcome(RULE, list(reversed(decisions)))
    assert (outcome(RULE, decisions).status, outcome(RULE, decisions).values) == ("disputed", RULE)


def test_a_settlement_is_final():
    disputed = [Say("confirmed", RULE), Say("rejected", RULE)]
    assert outcome(RULE, disputed, Say("confirmed", EDITED)).values == EDITED
    assert outcome(RULE, disputed, Say("rejected", EDITED)).status == "rejected"


@pytest.fixture
def people(db):
    return (
        factories.user_with_role(ANALYSTS, username="ana"),
        factories.user_with_role(ANALYSTS, username="ben"),
        factories.user_with_role(ADMINISTRATORS, username="ada"),
    )


@pytest.fixture
def rule_tag(db):
    text = "Led by the Department of Commerce, release open-source models."
    clause = factories.clause(factories.version(factories.document(), text=text))
    return Tag.objects.create(
        clause=clause, theme=Theme.objects.get(code="OPEN_SOURCE"), stance="PROMOTES",
        modality="DIRECTIVE", actor="Department of Commerce", suggested_stance="PROMOTES",
        suggested_modality="DIRECTIVE", suggested_actor="Department of Commerce",
    )  # fmt: skip


def test_two_analysts_disagree_then_an_administrator_settles(people, rule_tag):
    ana, ben, ada = people
    decision_record(tag=rule_tag, user=ana, verdict="confirmed", modality="ENCOURAGEMENT")
    rule_tag.refresh_from_db()
    assert (rule_tag.status, rule_tag.modality, rule_tag.edited) == ("confirmed", "ENCOURAGEMENT", True)

    decision_record(tag=rule_tag, user=ben, verdict="rejected")
    rule_tag.refresh_from_db()
    assert (rule_tag.status, rule_tag.modality) == (TagStatus.DISPUTED, "DIRECTIVE")
    assert Decision.objects.filter(tag=rule_tag).count() == 2

    tag_settle(tag=rule_tag, user=ada, verdict="confirmed", modality="ENCOURAGEMENT")
    rule_tag.refresh_from_db()
    assert (rule_tag.status, rule_tag.modality, rule_tag.settled_by) == ("confirmed", "ENCOURAGEMENT", ada)
    # A later decision does not undo the settlement.
    decision_record(tag=rule_tag, user=ana, verdict="rejected")
    rule_tag.refresh_from_db()
    assert rule_tag.status == "confirmed"

    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "user__username"))
    assert actions == [
        ("decision.confirmed", "ana"), ("decision.rejected", "ben"),
        ("tag.settle", "ada"), ("decision.rejected", "ana"),
    ]  # fmt: skip
    settle = AuditEntry.objects.get(action="tag.settle")
    assert (settle.before["status"], settle.after["status"]) == ("disputed", "confirmed")
    assert settle.document_name == rule_tag.clause.version.document.short_name


def test_withdrawing_the_only_decision_restores_the_suggestion(people, rule_tag):
    ana, _, _ = people
    decision_record(tag=rule_tag, user=ana, verdict="rejected")
    decision_withdraw(tag=rule_tag, user=ana)
    rule_tag.refresh_from_db()
    assert (rule_tag.status, rule_tag.decided_by, rule_tag.decided_at) == ("suggested", None, None)


def test_an_added_tag_goes_when_its_adder_withdraws(people, rule_tag):
    ana, _, _ = people
    theme = Theme.objects.get(code="OPEN_WEIGHTS")
    tag = tag_add(clause=rule_tag.clause, theme=theme, stance="PROMOTES", modality="DIRECTIVE", user=ana)
    assert (tag.status, tag.created_by, tag.decisions.count()) == ("confirmed", ana, 1)
    decision_withdraw(tag=tag, user=ana)
    assert not Tag.objects.filter(pk=tag.pk).exists()
    assert AuditEntry.objects.filter(action="tag.remove").count() == 1
