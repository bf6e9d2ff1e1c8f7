"""Notes in the reading view: threads open with or without htmx, forms for analysts only,
bodies escaped with http(s) links, stale edits refused with the writer's text kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from policyapp.models import Annotation
from policyapp.roles import ANALYSTS, VIEWERS
from policyapp.services.notes import note_add, note_reply
from policyapp.templatetags.notes import note_body
from policyapp.tests import factories

pytestmark = pytest.mark.django_db

TEXT = "Encourage open-source AI development across the research community."
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def clause(db):
    doc = factories.document(short_name="us-plan", jurisdiction="US")
    ver = factories.version(doc, text=TEXT)
    return factories.clause(ver, label="I › 3")


@pytest.fixture
def ana(client, db):
    return factories.user_with_role(ANALYSTS, username="ana")


def notes_url(clause):
    return reverse("clause_notes", args=["us-plan", clause.version.number, clause.ordinal])


def reader_url(clause, **query):
    url = reverse("document_version", args=["us-plan", clause.version.number])
    return url + "".join(f"?{k}={v}" for k, v in query.items())


# Rendering a body.


def test_a_body_is_escaped_and_only_http_links_become_links():
    html = note_body(
        "See https://example.org/plan.pdf, not javascript:alert(1) or "
        "data:text/html,x <b>bold</b>\nnext line (http://a.example/x_(y))."
    )
    assert '<a href="https://example.org/plan.pdf" rel="noopener noreferrer nofollow">' in html
    assert "plan.pdf</a>," in html
    assert 'href="javascript' not in html and 'href="data' not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>" not in html
    assert "<br>next line" in html
    assert 'href="http://a.example/x_(y)"' in html


def test_a_link_cannot_break_out_of_its_attribute():
    html = note_body('https://example.org/"onmouseover="alert(1)')
    assert 'href="https://example.org/"' in html
    assert "onmouseover=\"alert" not in html


def test_a_hostile_note_is_shown_as_text_in_the_reader(client, clause, ana):
    note_add(clause=clause, user=ana, body=HOSTILE)
    client.force_login(ana)
    response = client.get(reader_url(clause, notes=clause.ordinal))
    content = response.content.decode()
    assert "<script>window.__pwned" not in content
    assert "<img src=x" not in content
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in content


# Opening a thread.


def test_the_reader_counts_notes_and_opens_a_thread_without_javascript(client, clause, ana):
    root = note_add(clause=clause, user=ana, body="Is this binding?")
    note_reply(parent=root, user=ana, body="Encouragement only.")
    client.force_login(ana)

    closed = client.get(reader_url(clause))
    assert [c.note_count for c in closed.context["clauses"]] == [2]
    assert "Is this binding?" not in closed.content.decode()

    opened = client.get(reader_url(clause, notes=clause.ordinal))
    assert opened.context["notes_open"] == clause.pk
    assert [n.body for n in opened.context["threads"]] == ["Is this binding?"]
    assert [r.body for r in opened.context["threads"][0].thread_replies] == ["Encouragement only."]
    assert f'id="c{clause.ordinal}-notes"' in opened.content.decode()


def test_htmx_gets_the_thread_fragment_alone(client, clause, ana):
    note_add(clause=clause, user=ana, body="A note")
    client.force_login(ana)
    response = client.get(notes_url(clause), **HX)
    assert response.templates[0].name == "components/clause_notes.html"
    assert "<html" not in response.content.decode()
    assert response["Vary"] and "HX-Request" in response["Vary"]
    full = client.get(notes_url(clause))
    assert full.templates[0].name == "notes/clause.html"


def test_the_quoted_words_are_marked_in_the_clause(client, clause, ana):
    note = note_add(clause=clause, user=ana, body="Which licence?", quote_exact="open-source AI")
    client.force_login(ana)
    content = client.get(reader_url(clause)).content.decode()
    assert (
        f'<mark class="note-quote" data-notes="{note.pk}" title="quoted in a note">'
        "open-source AI</mark>"
    ) in content


def test_a_selected_quote_prefills_the_form_after_the_server_checks_it(client, clause, ana):
    client.force_login(ana)
    start = TEXT.index("open-source")
    good = client.get(notes_url(clause), {"quote_start": start, "quote_end": start + 11,
                                          "quote_exact": "open-source"}, **HX)  # fmt: skip
    assert good.context["notes"]["add_quote"] == {"start": start, "end": start + 11,
                                                   "exact": "open-source"}  # fmt: skip
    bad = client.get(notes_url(clause), {"quote_start": 0, "quote_end": 5,
                                         "quote_exact": "open-"}, **HX)  # fmt: skip
    assert bad.context["notes"]["add_quote"] is None
    assert "select them again" in bad.context["notes"]["add_error"]


# Writing.


def test_an_analyst_adds_a_note_without_javascript_and_returns_to_the_clause(client, clause, ana):
    client.force_login(ana)
    response = client.post(notes_url(clause), {"body": "Needs a source", "quote_exact": "research"})
    assert response.status_code == 302
    assert response["Location"] == reader_url(clause, notes=clause.ordinal) + f"#c{clause.ordinal}-notes"
    note = Annotation.objects.get()
    assert (note.author, note.quote_exact) == (ana, "research")


def test_a_typed_quote_that_is_not_in_the_clause_keeps_the_text(client, clause, ana):
    client.force_login(ana)
    response = client.post(notes_url(clause), {"body": "My careful note", "quote_exact": "nowhere"})
    assert response.status_code == 400
    assert response.context["notes"]["add_body"] == "My careful note"
    assert "not in the clause" in response.context["notes"]["add_error"]
    assert not Annotation.objects.exists()


def test_htmx_reply_returns_the_refreshed_thread(client, clause, ana):
    root = note_add(clause=clause, user=ana, body="Root")
    ben = factories.user_with_role(ANALYSTS, username="ben")
    client.force_login(ben)
    response = client.post(reverse("note_reply", args=[root.pk]), {"body": "Reply"}, **HX)
    assert response.status_code == 200
    assert [r.body for r in response.context["threads"][0].thread_replies] == ["Reply"]
    assert response.context["notes"]["status_message"] == "Reply saved."


def test_two_edits_from_revision_one_the_second_is_refused_and_its_text_kept(client, clause, ana):
    note = note_add(clause=clause, user=ana, body="Draft")
    client.force_login(ana)
    url = reverse("note_edit", args=[note.pk])
    first = client.post(url, {"body": "From the first tab", "revision": 1})
    assert first.status_code == 302
    second = client.post(url, {"body": "From the second tab", "revision": 1})
    assert second.status_code == 409
    state = second.context["notes"]
    assert state["edit_body"] == "From the second tab"
    assert state["edit_current"].body == "From the first tab"
    assert "changed this note while you were editing" in state["edit_error"]
    content = second.content.decode()
    assert ">From the second tab</textarea>" in content
    note.refresh_from_db()
    assert (note.body, note.revision) == ("From the first tab", 2)

    # With htmx the same refusal comes back as a fragment htmx will swap in.
    again = client.post(url, {"body": "Third try", "revision": 1}, **HX)
    assert again.status_code == 200 and again.context["notes"]["edit_error"]


def test_an_analyst_cannot_edit_or_delete_another_analysts_note(client, clause, ana):
    note = note_add(clause=clause, user=ana, body="Mine")
    ben = factories.user_with_role(ANALYSTS, username="ben")
    client.force_login(ben)
    assert client.post(reverse("note_edit", args=[note.pk]), {"body": "x", "revision": 1}).status_code == 403
    assert client.post(reverse("note_delete", args=[note.pk])).status_code == 403
    page = client.get(reader_url(clause, notes=clause.ordinal))
    assert page.context["threads"][0].mine is False
    assert reverse("note_delete", args=[note.pk]) not in page.content.decode()
    note.refresh_from_db()
    assert note.body == "Mine" and note.deleted_at is None


def test_viewers_read_notes_without_forms_and_cannot_write(client, clause, ana):
    note = note_add(clause=clause, user=ana, body="Visible to all")
    viewer = factories.user_with_role(VIEWERS)
    client.force_login(viewer)
    response = client.get(reader_url(clause, notes=clause.ordinal))
    content = response.content.decode()
    assert "Visible to all" in content
    assert "<form" not in content.split(f'id="c{clause.ordinal}-notes"')[1].split("</section>")[0]
    assert client.post(notes_url(clause), {"body": "x"}).status_code == 403
    assert client.post(reverse("note_reply", args=[note.pk]), {"body": "x"}).status_code == 403
    assert Annotation.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, clause):
    response = client.get(notes_url(clause))
    assert response.status_code == 302 and "/login/" in response["Location"]
