"""Review controls and notes on the comparison screens: the reader's columns and the
matrix's clause list offer what the reading view offers, with element ids that stay unique
when several plans share a page, and htmx answers that keep them."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.urls import reverse

from policyapp.models import Tag
from policyapp.roles import ANALYSTS, VIEWERS
from policyapp.services.notes import note_add
from policyapp.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("themes")]

HTMX = {"HX-Request": "true"}


def _plan(short_name: str) -> tuple:
    """A plan of two clauses: the first tagged OPEN_SOURCE, the second untagged."""
    doc = factories.document(short_name=short_name, title=f"Plan {short_name}")
    text = "Encourage open-source AI models. Build roads."
    ver = factories.version(doc, text=text)
    tagged = factories.clause(ver, start=0, end=32)
    plain = factories.clause(ver, start=33, end=len(text), label="2")
    tag = Tag.objects.create(clause=tagged, theme_id="OPEN_SOURCE", stance="PROMOTES",
                             modality="DIRECTIVE", suggested_stance="PROMOTES",
                             suggested_modality="DIRECTIVE",
                             evidence=[{"rule": "os", "start": 10, "end": 21}])  # fmt: skip
    return tagged, plain, tag


@pytest.fixture
def plans():
    return _plan("plan-a"), _plan("plan-b")


def _login(client, role=ANALYSTS):
    user = factories.user_with_role(role)
    client.force_login(user)
    return user


def _ids(html: str) -> Counter:
    return Counter(re.findall(r'\sid="([^"]+)"', html))


def _reader(client) -> str:
    return client.get(f"{reverse('compare_read')}?plans=plan-a,plan-b").text


def test_reader_columns_offer_review_adding_and_notes_with_unique_ids(client, plans):
    (a_tagged, a_plain, _), (b_tagged, _, _) = plans
    _login(client)
    html = _reader(client)
    # Both plans have clauses 1 and 2: every id on the page is still unique.
    duplicates = [name for name, n in _ids(html).items() if n > 1]
    assert duplicates == []
    for plan, tagged in (("plan-a", a_tagged), ("plan-b", b_tagged)):
        row = re.search(rf'<div class="clause [^"]*" id="{plan}-c1"[^>]*>', html).group(0)
        assert f"""hx-vals='{{"prefix": "{plan}-"}}'""" in row
        assert f'hx-get="{reverse("clause_review", args=[tagged.pk])}"' in html
        assert f'id="{plan}-c1-notes"' in html and f'id="{plan}-c2-notes"' in html
    # An untagged clause offers the add form directly, as the reading view does.
    assert f'id="plan-a-c2-add" href="{reverse("tag_add", args=[a_plain.pk])}"' in html
    # Without JavaScript, Review leads to the clause's controls in the reading view.
    assert 'href="/documents/plan-a/v1/?at=1#c1-tags"' in html


def test_viewers_see_the_chips_in_the_reader_but_no_review_or_add(client, plans):
    _login(client, VIEWERS)
    html = _reader(client)
    assert 'class="chip theme-' in html
    assert "review-open" not in html and "tag-add-link" not in html


def test_the_review_box_comes_with_the_prefix_it_was_asked_for(client, plans):
    (tagged, _, tag), _ = plans
    _login(client)
    url = reverse("clause_review", args=[tagged.pk])
    box = client.get(f"{url}?prefix=plan-a-", headers=HTMX).text
    assert box.startswith('<div class="clause-tags-box" id="plan-a-c1-tags"')
    assert f'hx-post="{reverse("tag_confirm", args=[tag.pk])}"' in box
    # A prefix that is not one of ours is dropped, never written into the page.
    hostile = client.get(f'{url}?prefix="><script>alert(1)</script>-', headers=HTMX).text
    assert 'id="c1-tags"' in hostile and "<script>" not in hostile
    # Without htmx: the clause's controls in the reading view.
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/documents/plan-a/v1/?at=1#c1-tags"


def test_a_decision_in_a_column_answers_with_that_columns_ids_and_the_notes_marks(client, plans):
    (tagged, _, tag), _ = plans
    user = _login(client)
    note_add(clause=tagged, user=user, body="Which models?", quote_start=25, quote_end=31,
             quote_exact="models")  # fmt: skip
    answer = client.post(
        reverse("tag_reject", args=[tag.pk]),
        {"fragment": "clause", "prefix": "plan-a-", "next": "/documents/plan-a/v1/"},
        headers=HTMX,
    ).text
    assert '<div class="clause-tags-box" id="plan-a-c1-tags"' in answer
    text = re.search(r'<p class="clause-text" id="plan-a-c1-text"[^>]*hx-swap-oob="true">(.*?)</p>', answer)
    assert text, answer
    # The rejected tag's words are no longer marked; the noted words still are.
    assert 'class="note-quote"' in text.group(1) and "evidence" not in text.group(1)
    assert Tag.objects.get(pk=tag.pk).status == "rejected"


def test_notes_opened_in_a_column_keep_the_columns_ids(client, plans):
    (tagged, _, _), _ = plans
    _login(client)
    url = reverse("clause_notes", args=["plan-a", 1, tagged.ordinal])
    thread = client.get(f"{url}?prefix=plan-a-", headers=HTMX).text
    assert '<section class="clause-notes" id="plan-a-c1-notes"' in thread
    assert 'hx-target="#plan-a-c1-notes"' in thread and 'id="plan-a-c1-note-body"' in thread
    added = client.post(url, {"body": "A note from the reader.", "prefix": "plan-a-"}, headers=HTMX)
    assert '<section class="clause-notes" id="plan-a-c1-notes"' in added.text
    assert "A note from the reader." in added.text


def test_the_matrix_clause_list_offers_review_and_notes(client, plans):
    (tagged, _, _), _ = plans
    user = _login(client)
    note_add(clause=tagged, user=user, body="First.")
    query = "plans=plan-a,plan-b&plan=plan-a&theme=OPEN_SOURCE"
    html = client.get(f"{reverse('compare_cell')}?{query}", headers=HTMX).text
    item = re.search(r'<li class="cell-clause" id="cell-c1"[^>]*>', html).group(0)
    assert """hx-vals='{"prefix": "cell-"}'""" in item
    assert f'hx-get="{reverse("clause_review", args=[tagged.pk])}"' in html
    assert 'id="cell-c1-notes"' in html and "1 note<" in html
    assert [name for name, n in _ids(html).items() if n > 1] == []
