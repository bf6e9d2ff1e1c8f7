"""The chip of a tag written in Python (policyapp.chips) and links reversed once
(policyapp.links): they must say exactly what a template and `reverse` would."""

from __future__ import annotations

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import timezone

from policyapp.chips import chip_html
from policyapp.links import link, url_maker
from policyapp.models import Tag, Theme
from policyapp.roles import ADMINISTRATORS, ANALYSTS
from policyapp.services.decisions import tag_add, tag_confirm, tag_settle
from policyapp.tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["tag_confirm", "tag_reject", "tag_edit", "tag_withdraw", "tag_add"])
def test_a_link_is_what_reverse_gives_for_every_object(name):
    for pk in (1, 42, 10**12):
        assert link(name, pk) == reverse(name, args=[pk])


def test_links_follow_the_script_prefix_of_the_request():
    try:
        set_script_prefix("/policyapp/")
        assert link("tag_confirm", 7) == "/policyapp/tags/7/confirm/" == reverse("tag_confirm", args=[7])
    finally:
        set_script_prefix("/")
    assert link("tag_confirm", 7) == "/tags/7/confirm/"


def test_a_url_maker_keeps_the_arguments_before_the_last():
    source = url_maker("clause_source", "us-plan", 2)
    assert source(17) == reverse("clause_source", args=["us-plan", 2, 17])


def _tag(text: str = "Encourage open-source AI.", **fields) -> Tag:
    doc = factories.document()
    ver = factories.version(doc, text=text)
    clause = factories.clause(ver, rule_modality="DIRECTIVE", rule_modality_check="imperative")
    defaults = {"theme_id": "OPEN_SOURCE", "stance": "PROMOTES", "modality": "DIRECTIVE",
                    "suggested_stance": "PROMOTES", "suggested_modality": "DIRECTIVE",
                    "evidence": [{"rule": "os-1", "start": 10, "end": 21}], "ruleset_version": "abc"}  # fmt: skip
    return Tag.objects.create(clause=clause, **(defaults | fields))


def _fresh(tag: Tag) -> Tag:
    return Tag.objects.for_review().select_related("clause").get(pk=tag.pk)


def test_a_suggested_chip_names_theme_stance_rule_words_and_modality_check():
    tag = _fresh(_tag())
    html = chip_html(tag, tag.clause)
    assert 'class="chip theme-' in html and 'data-theme="OPEN_SOURCE"' in html
    assert '<span class="visually-hidden">, promotes</span>' in html
    assert '<span class="tag-status">suggested</span>' in html
    assert "<code>os-1</code> on “<span lang=\"en\">open-source</span>”" in html
    assert "Directive by the check <code>imperative</code>" in html
    assert "Suggested by the rules (ruleset abc)" in html


def test_a_chip_escapes_what_analysts_typed():
    analyst = factories.user_with_role(ANALYSTS, username="ana")
    base = _tag(text='Share <script>alert(1)</script> data.')
    added = tag_add(clause=base.clause, theme=Theme.objects.get(pk="OPEN_DATA"),
                    stance="PROMOTES", modality="DIRECTIVE", actor='<img src=x onerror=alert(1)>',
                    user=analyst, quote=None)  # fmt: skip
    html = chip_html(_fresh(added), base.clause)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Added by ana; no rule fired." in html


def test_a_settled_chip_says_final_and_who_settled_and_hides_a_stale_modality_check():
    admin = factories.user_with_role(ADMINISTRATORS, username="ada")
    analyst = factories.user_with_role(ANALYSTS, username="ana")
    tag = _tag()
    tag_confirm(tag=tag, user=analyst)
    tag_settle(tag=_fresh(tag), user=admin, verdict="confirmed", stance="RESTRICTS",
               modality="STATEMENT", actor="")  # fmt: skip
    settled = _fresh(tag)
    html = chip_html(settled, settled.clause)
    assert '<span class="tag-status">final</span>' in html
    when = timezone.localtime(settled.settled_at).strftime("%Y-%m-%d %H:%M")
    assert f"Final: confirmed by ada, {when}" in html
    # The settled modality is no longer the one the check decided.
    assert "by the check" not in html
