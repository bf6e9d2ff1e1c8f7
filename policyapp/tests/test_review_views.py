"""The review controls, the queue and adding a tag by selecting words, through the views."""

from __future__ import annotations

import pytest
from django.urls import reverse

from policyapp.models import AuditEntry, Decision, Tag, Theme
from policyapp.roles import ADMINISTRATORS, ANALYSTS
from policyapp.tests import factories

pytestmark = pytest.mark.django_db

OPEN_SOURCE = "Encourage open-source AI development."
EXPORT = "Strengthen export controls on chips."
HTMX = {"HTTP_HX_REQUEST": "true"}


def rule_tag(clause, theme: str, **fields) -> Tag:
    values = {"stance": "PROMOTES", "modality": "DIRECTIVE", "actor": ""} | fields
    return Tag.objects.create(
        clause=clause, theme_id=theme, suggested_stance=values["stance"],
        suggested_modality=values["modality"], suggested_actor=values["actor"], **values,
    )  # fmt: skip


@pytest.fixture
def plan():
    doc = factories.document(short_name="us-plan")
    ver = factories.version(doc, text=f"{OPEN_SOURCE} {EXPORT}")
    first = factories.clause(ver, start=0, end=len(OPEN_SOURCE), label="1")
    second = factories.clause(ver, start=len(OPEN_SOURCE) + 1, label="2")
    tags = [
        rule_tag(second, "EXPORT_CONTROLS", stance="RESTRICTS"),
        rule_tag(first, "OPEN_SOURCE"),
        rule_tag(first, "OPEN_SCIENCE"),
    ]
    return doc, ver, tags


@pytest.fixture
def ana(client):
    user = factories.user_with_role(ANALYSTS, username="ana")
    client.force_login(user)
    return user


def test_a_plain_post_confirms_and_returns_to_the_clause(client, ana, plan):
    doc, ver, (export, *_) = plan
    reading = reverse("document_version", args=[doc.short_name, ver.number])

    response = client.post(reverse("tag_confirm", args=[export.pk]), {"next": reading + "#c2"})

    assert response.status_code == 302 and response["Location"] == reading + "?at=2#c2"
    export.refresh_from_db()
    assert export.status == "confirmed"
    assert Decision.objects.get(tag=export).analyst == ana
    assert AuditEntry.objects.filter(action="decision.confirmed", user=ana).count() == 1


def test_next_pointing_elsewhere_is_ignored(client, ana, plan):
    doc, ver, (export, *_) = plan
    response = client.post(reverse("tag_reject", args=[export.pk]), {"next": "https://evil.example/"})
    reading = reverse("document_version", args=[doc.short_name, ver.number])
    assert response["Location"] == f"{reading}?at=2#c2"


def test_htmx_gets_the_clause_box_with_highlights_and_a_sentence_for_screen_readers(client, ana, plan):
    _, _, (export, *_) = plan
    response = client.post(
        reverse("tag_reject", args=[export.pk]), {"fragment": "clause"}, **HTMX
    )
    assert response.status_code == 200
    html = response.text
    assert 'id="c2-tags"' in html and 'id="c2-text" lang="en" hx-swap-oob="true"' in html
    assert "You rejected Export controls on 2; it is now rejected." in html
    assert "You: rejected" in html
    assert "Withdraw my decision" in html


def test_edit_and_withdraw_leave_the_suggestion_as_it_was(client, ana, plan):
    _, _, (export, *_) = plan
    client.post(reverse("tag_edit", args=[export.pk]),
                {"stance": "RESTRICTS", "modality": "ENCOURAGEMENT", "actor": "BIS"})  # fmt: skip
    export.refresh_from_db()
    assert (export.status, export.modality, export.actor, export.edited) == (
        "confirmed", "ENCOURAGEMENT", "BIS", True,
    )  # fmt: skip
    client.post(reverse("tag_withdraw", args=[export.pk]))
    export.refresh_from_db()
    assert (export.status, export.modality, export.actor) == ("suggested", "DIRECTIVE", "")


def test_a_second_analyst_who_disagrees_makes_the_tag_disputed_and_the_chip_says_who_said_what(
    client, ana, plan
):
    doc, _, (export, *_) = plan
    client.post(reverse("tag_confirm", args=[export.pk]))
    client.force_login(factories.user_with_role(ANALYSTS, username="ben"))
    client.post(reverse("tag_reject", args=[export.pk]))

    export.refresh_from_db()
    assert export.status == "disputed"
    html = client.get(doc.get_absolute_url()).text
    assert "Analysts disagree" in html
    assert '<span class="who">ana</span>: confirmed' in html
    assert '<span class="who">ben</span>: rejected' in html


def test_the_queue_lists_my_undecided_tags_in_reading_order_with_progress(client, ana, plan):
    doc, _, (export, open_source, open_science) = plan
    other = factories.user_with_role(ANALYSTS, username="ben")
    from policyapp.services.decisions import tag_confirm

    tag_confirm(tag=open_source, user=other)  # someone else's decision keeps it in my queue

    response = client.get(reverse("review_queue", args=[doc.short_name]))
    assert [t.pk for t in response.context["items"]] == [open_source.pk, open_science.pk, export.pk]
    assert (response.context["decided"], response.context["total"]) == (0, 3)

    answer = client.post(reverse("tag_confirm", args=[open_source.pk]), {"fragment": "queue"}, **HTMX)
    assert [t.pk for t in answer.context["items"]] == [open_science.pk, export.pk]
    assert (answer.context["decided"], answer.context["total"]) == (1, 3)
    assert "<strong>1</strong> of <strong>3</strong> tags decided" in answer.text

    client.post(reverse("tag_reject", args=[export.pk]))
    from policyapp.services.decisions import tag_settle

    tag_settle(tag=open_science, user=factories.user_with_role(ADMINISTRATORS), verdict="rejected")
    response = client.get(reverse("review_queue", args=[doc.short_name]))
    assert response.context["items"] == [] and response.context["decided"] == 3
    assert "Nothing left to review" in response.text


def test_the_queue_page_documents_its_shortcuts_and_loads_its_script_alone(client, ana, plan):
    doc, ver, _ = plan
    html = client.get(reverse("review_queue", args=[doc.short_name])).text
    for key in ("j", "k", "c", "r", "e", "n"):
        assert f"<kbd>{key}</kbd>" in html
    assert 'src="/static/js/review-queue.js"' in html
    assert "<script>" not in html  # no inline script: a strict Content-Security-Policy later
    assert 'href="/documents/us-plan/v1/?at=1#c1-notes" data-action="note"' in html
    reading = client.get(reverse("document_version", args=[doc.short_name, ver.number])).text
    assert "review-queue.js" not in reading and 'src="/static/js/selection.js"' in reading


# Adding a tag by selecting words

MIXED = "推动开源🤖模型 open weights 开放"


@pytest.fixture
def mixed_clause():
    ver = factories.version(factories.document(language="zh"), text=MIXED)
    return factories.clause(ver, label="3")


def test_a_selection_after_an_astral_character_is_stored_in_code_points(client, ana, mixed_clause):
    # In the browser "open weights" starts at UTF-16 unit 9 (the robot is two units);
    # selection.js sends code points, 8.
    start = MIXED.index("open weights")
    assert start == 8
    response = client.post(reverse("tag_add", args=[mixed_clause.pk]), {
        "theme": "OPEN_SOURCE", "stance": "PROMOTES", "modality": "DIRECTIVE",
        "quote_exact": "open weights", "quote_start": start, "quote_end": start + 12,
    })  # fmt: skip
    assert response.status_code == 302
    tag = Tag.objects.get(clause=mixed_clause)
    assert (tag.quote_start, tag.quote_end, tag.quote_exact) == (8, 20, "open weights")
    assert tag.quote_prefix == "推动开源🤖模型 " and tag.quote_suffix == " 开放"
    assert (tag.source, tag.status, tag.created_by) == ("analyst", "confirmed", ana)
    html = client.get(mixed_clause.version.document.get_absolute_url()).text
    assert "evidence-selection" in html and ">open weights</mark>" in html


def test_utf16_offsets_sent_as_they_are_do_not_match_and_are_refused(client, ana, mixed_clause):
    response = client.post(reverse("tag_add", args=[mixed_clause.pk]), {
        "theme": "OPEN_SOURCE", "stance": "PROMOTES", "modality": "DIRECTIVE",
        "quote_exact": "open weights", "quote_start": 9, "quote_end": 21,
    }, **HTMX)  # fmt: skip
    assert not Tag.objects.filter(clause=mixed_clause).exists()
    assert "not the clause&#x27;s words at that place" in response.text
    assert 'class="tag-add" open' in response.text


def test_without_javascript_a_typed_quote_is_found_in_the_clause(client, ana, mixed_clause):
    client.post(reverse("tag_add", args=[mixed_clause.pk]), {
        "theme": "OPEN_DATA", "stance": "PROMOTES", "modality": "STATEMENT", "quote_exact": "开源",
    })  # fmt: skip
    tag = Tag.objects.get(clause=mixed_clause)
    assert (tag.quote_start, tag.quote_end, tag.quote_exact) == (2, 4, "开源")


def test_a_theme_the_clause_already_has_is_refused_with_a_reason(client, ana, plan):
    _, _, (export, *_) = plan
    response = client.post(reverse("tag_add", args=[export.clause_id]), {
        "theme": "EXPORT_CONTROLS", "stance": "RESTRICTS", "modality": "DIRECTIVE", "actor": "BIS",
    })  # fmt: skip
    assert Tag.objects.filter(clause=export.clause).count() == 1
    assert response.status_code == 400
    form = response.context["add_form"]
    assert form.non_field_errors() == [
        "This clause already has a tag for Export controls: confirm or edit that one."
    ]
    assert 'name="actor" maxlength="200" value="BIS"' in response.text  # what was typed stays


def test_the_reading_view_carries_a_link_per_clause_and_the_form_comes_on_demand(client, ana, plan):
    doc, _, (export, *_) = plan
    reading = client.get(doc.get_absolute_url()).text
    add = reverse("tag_add", args=[export.clause_id])
    assert f'href="{add}" hx-get="{add}"' in reading
    assert "tag-add-form" not in reading
    fragment = client.get(add, **HTMX)
    assert fragment.text.lstrip().startswith('<details class="tag-add" open')
    page = client.get(add)
    assert "<h1>Add a tag</h1>" in page.text and EXPORT in page.text


def test_settling_makes_the_value_final_everywhere(client, plan):
    doc, _, (export, *_) = plan
    from policyapp.services.decisions import tag_confirm, tag_reject

    tag_confirm(tag=export, user=factories.user_with_role(ANALYSTS, username="ana"))
    tag_reject(tag=export, user=factories.user_with_role(ANALYSTS, username="ben"))
    client.force_login(factories.user_with_role(ADMINISTRATORS, username="ada"))

    page = client.get(reverse("agreement"), {"document": "us-plan"})
    assert [t.pk for t in page.context["disputes"]] == [export.pk]

    answer = client.post(reverse("tag_settle", args=[export.pk]), {
        "verdict": "confirmed", "stance": "RESTRICTS", "modality": "ENCOURAGEMENT", "actor": "BIS",
        "fragment": "dispute",
    }, **HTMX)  # fmt: skip
    assert "Settled: <strong>confirmed</strong>" in answer.text
    export.refresh_from_db()
    assert (export.status, export.modality, export.actor, export.is_settled) == (
        "confirmed", "ENCOURAGEMENT", "BIS", True,
    )  # fmt: skip
    assert client.get(reverse("agreement")).context["disputes"] == []
    reading = client.get(doc.get_absolute_url()).text
    assert '<span class="tag-status">final</span>' in reading
    assert "Final</span>" in reading
    assert Theme.objects.get(code="EXPORT_CONTROLS").name in reading
