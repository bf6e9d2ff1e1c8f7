"""The server's stored pages and the library's revision they hang on.

Transactional tests: PostgreSQL moves the revision when a transaction commits, which an
ordinary test's transaction never does.
"""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from policyapp.models import Annotation, LibraryRevision, Tag
from policyapp.roles import ANALYSTS
from policyapp.services.decisions import tag_confirm, tag_reject
from policyapp.tests import factories
from policyapp.tests.plans import built_plan

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("themes")]


@pytest.fixture(autouse=True)
def page_store(settings):
    settings.CACHES = settings.CACHES | {
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                  "LOCATION": "test-page-store"},
    }  # fmt: skip
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture
def analyst():
    return factories.user_with_role(ANALYSTS)


def signed_in(client, user):
    client.force_login(user)
    # A browser has its CSRF cookie from the login form before it reads anything.
    client.get(reverse("login"))
    return client


def revision() -> int:
    return LibraryRevision.objects.current()


_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value="|"x-csrftoken": ")[A-Za-z0-9]+')


def tokens_of(content: bytes) -> set[bytes]:
    return {match.group(0).split(b'"')[-1] for match in _TOKEN.finditer(content)}


def without_tokens(content: bytes) -> bytes:
    """The page with its CSRF tokens blanked: Django masks a token afresh each time."""
    return _TOKEN.sub(rb"\1", content)


def test_every_kind_of_write_moves_the_revision(analyst):
    before = revision()
    us = built_plan("us", clauses=20)  # bulk inserts
    after_plan = revision()
    assert after_plan > before

    tag = Tag.objects.filter(clause__version=us).first()
    tag_confirm(tag=tag, user=analyst)  # a save and an insert
    after_decision = revision()
    assert after_decision > after_plan

    Tag.objects.filter(pk=tag.pk).update(edited=True)  # a queryset update
    after_update = revision()
    assert after_update > after_decision

    Annotation.objects.create(clause=tag.clause, author=analyst, body="A note.")
    after_note = revision()
    assert after_note > after_update

    Tag.objects.filter(clause__version=us).delete()
    after_delete = revision()
    assert after_delete > after_note

    # Pages show a user's name, never when they last signed in.
    signed_in(Client(), analyst)
    assert revision() == after_delete
    analyst.username = "renamed"
    analyst.save()
    assert revision() > after_delete


def test_a_plans_progress_leaves_the_revision_alone_its_page_count_and_status_move_it():
    from policyapp.models import Version

    us = built_plan("us", clauses=5)
    versions = Version.objects.filter(pk=us.pk)
    before = revision()
    versions.update(pages_done=3, progress_at=timezone.now())  # a worker reading, each second
    assert revision() == before
    versions.update(page_count=40, pages_done=4, progress_at=timezone.now())
    assert revision() == before + 1
    versions.update(status="failed")
    assert revision() == before + 2


def test_every_column_of_a_version_but_its_progress_moves_the_revision():
    """Migration 0019 names the columns whose change moves the revision: a column added to
    Version later must be added to its trigger (or to the progress left out)."""
    from policyapp.models import Version

    columns = {field.column for field in Version._meta.concrete_fields}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = "
                "'policyapp_library_changed' AND tgrelid = 'policyapp_version'::regclass"
            )
        else:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = "
                "'policyapp_library_changed_policyapp_version_update'"
            )
        (definition,) = cursor.fetchone()
    named = re.search(r"UPDATE OF (.+?) ON ", definition).group(1)
    assert {column.strip().strip('"') for column in named.split(",")} == columns - {
        "pages_done",
        "progress_at",
    }


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_on_postgresql_it_moves_once_per_transaction_and_only_at_commit():
    us = built_plan("us", clauses=10)
    before = revision()
    seen_meanwhile = []
    with transaction.atomic():
        Tag.objects.filter(clause__version=us).update(edited=True)
        Tag.objects.filter(clause__version=us).update(edited=False)
        # Another connection must not see a number whose data it cannot see yet.
        reader = threading.Thread(target=lambda: (seen_meanwhile.append(revision()),
                                                  connection.close()))  # fmt: skip
        reader.start()
        reader.join()
    assert seen_meanwhile == [before]
    assert revision() == before + 1


PAGES = {
    "home": "/",
    "matrix": "/compare/?plans=us,cn",
    "search": "/search/?q=share",
    "reading view": "/documents/us/",
    "reader": "/compare/read/?plans=us,cn",
    "review queue": "/documents/us/review/",
}


@pytest.mark.parametrize("name", PAGES)
def test_a_page_is_served_from_the_store_until_what_it_shows_changes(client, analyst, name):
    us = built_plan("us", clauses=30)
    built_plan("cn", clauses=10, language="zh")
    signed_in(client, analyst)
    url = PAGES[name]

    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert without_tokens(second.content) == without_tokens(first.content)
    assert len(queries) < 10  # rendering any of these pages takes more

    # What each page shows changes: a new plan for the library's pages, a rejected tag
    # (it no longer counts) for the pages of one plan.
    if name in ("home", "search"):
        built_plan("uk", clauses=5, title="Plan from the United Kingdom")
    else:
        tag_reject(tag=Tag.objects.filter(clause__version=us).first(), user=analyst)
    third = client.get(url)
    assert third.status_code == 200 and third.content != first.content
    if name in ("home", "search"):
        assert b"/documents/uk/" in third.content and b"/documents/uk/" not in first.content


def test_a_confirmed_tag_shows_at_once_on_a_stored_page(client, analyst):
    us = built_plan("us", clauses=30)
    built_plan("cn", clauses=10, language="zh")
    signed_in(client, analyst)
    url = reverse("review_queue", args=["us"])
    before = client.get(url)
    tag = Tag.objects.filter(clause__version=us).order_by("clause__ordinal").first()
    assert client.get(url).content == before.content
    tag_confirm(tag=tag, user=analyst)
    after = client.get(url)
    assert after.content != before.content


def test_another_analyst_never_gets_a_page_stored_for_someone_else(client, analyst):
    us = built_plan("us", clauses=30)
    tag_confirm(tag=Tag.objects.filter(clause__version=us).first(), user=analyst)
    first = signed_in(client, analyst).get("/documents/us/").content
    assert b"You: confirmed" in first
    client.logout()
    other = factories.user_with_role(ANALYSTS)
    second = signed_in(client, other).get("/documents/us/").content
    assert b"You: confirmed" not in second
    assert f'<span class="muted">{other.username}</span>'.encode() in second


SHARED = ("home", "matrix", "search", "reader")


@pytest.mark.parametrize("name", SHARED)
def test_a_shared_page_is_rendered_once_and_each_reader_gets_their_name_and_token(
    client, analyst, name
):
    built_plan("us", clauses=30)
    built_plan("cn", clauses=10, language="zh")
    other = factories.user_with_role(ANALYSTS)
    url = PAGES[name]
    first = signed_in(client, analyst).get(url).content
    client.logout()
    signed_in(client, other)  # a sign-in changes nothing any page shows
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url).content
    assert len(queries) < 10  # served from the store
    assert without_tokens(second).replace(other.username.encode(), analyst.username.encode()) == (
        without_tokens(first)
    )
    assert other.username.encode() in second and analyst.username.encode() not in second
    # The token filled in is the reader's own: a form posted with it passes the check.
    token = tokens_of(second).pop().decode()
    strict = type(client)(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    answer = strict.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert answer.status_code == 302, answer.content.decode()[-3000:]


def test_a_store_in_a_folder_serves_a_shared_page_to_every_reader(client, analyst, settings, tmp_path):
    settings.CACHES = settings.CACHES | {
        "pages": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                  "LOCATION": str(tmp_path / "pages")},
    }  # fmt: skip
    built_plan("us", clauses=30)
    built_plan("cn", clauses=10, language="zh")
    other = factories.user_with_role(ANALYSTS)
    first = signed_in(client, analyst).get(PAGES["reader"]).content
    assert list((tmp_path / "pages").iterdir())
    client.logout()
    signed_in(client, other)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(PAGES["reader"]).content
    assert len(queries) < 10
    assert f'<span class="muted">{other.username}</span>'.encode() in second
    assert without_tokens(second).replace(other.username.encode(), analyst.username.encode()) == (
        without_tokens(first)
    )


def test_a_shared_page_shows_its_reader_nothing_of_another_analysts_work(client, analyst, settings):
    """Two analysts with different decisions and notes on the clauses shown get the same
    shared pages but for name and token: nothing the store could carry from one to the
    other. A template that starts showing "You: …" on a shared page fails here."""
    settings.CACHES = settings.CACHES | {
        "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    us = built_plan("us", clauses=30)
    built_plan("cn", clauses=10, language="zh")
    tags = list(Tag.objects.filter(clause__version=us).order_by("clause__ordinal")[:2])
    other = factories.user_with_role(ANALYSTS)
    tag_confirm(tag=tags[0], user=analyst)
    tag_reject(tag=tags[1], user=other)
    Annotation.objects.create(clause=tags[0].clause, author=analyst, body="Mine.")
    for name in SHARED:
        pages = []
        for user in (analyst, other):
            client.logout()
            content = signed_in(client, user).get(PAGES[name]).content
            nav = f'<span class="muted">{user.username}</span>'.encode()
            assert nav in content
            pages.append(without_tokens(content).replace(nav, b"READER"))
        assert pages[0] == pages[1], name


def test_a_shared_page_that_fails_shows_its_reader_their_own_name(client, analyst):
    signed_in(client, analyst)
    answer = client.get("/compare/read/?plans=no-such-plan")
    assert analyst.username.encode() in answer.content
    assert b"personal" not in answer.content


def test_a_first_visit_without_a_csrf_cookie_is_not_stored(client, analyst):
    built_plan("us", clauses=30)
    client.force_login(analyst)
    first = client.get("/documents/us/")
    client.cookies.pop("csrftoken", None)
    second = client.get("/documents/us/")
    # The page's form token belongs to the cookie it set: never hand it to another browser.
    assert first.content != second.content


def test_htmx_history_restore_gets_the_whole_page_not_the_stored_fragment(client, analyst):
    built_plan("us", clauses=80)
    signed_in(client, analyst)
    url = "/documents/us/?from=41"
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and b"<html" not in fragment.content
    restored = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert b"<html" in restored.content


def test_counterparts_are_stored_until_a_pair_is_decided(client, analyst):
    from policyapp.models import Clause
    from policyapp.services.pairs import clause_pair_reject

    us = built_plan("us", clauses=30)
    cn = built_plan("cn", clauses=30)
    signed_in(client, analyst)
    clause = Clause.objects.filter(version=us, ordinal=2).get()
    url = reverse("clause_counterparts", args=[clause.pk]) + "?plan=cn"
    first = client.get(url, headers={"HX-Request": "true"})
    again = client.get(url, headers={"HX-Request": "true"})
    assert without_tokens(again.content) == without_tokens(first.content)
    shown = Clause.objects.get(version=cn, pk=first.content.split(b'data-clause="')[1].split(b'"')[0])
    clause_pair_reject(clause=clause, other=shown, user=analyst)
    after = client.get(url, headers={"HX-Request": "true"})
    assert f'data-clause="{shown.pk}"'.encode() not in after.content


def test_becoming_staff_shows_the_admin_link_at_once(client, analyst):
    # Only a new name moves the revision among a user's changes (migration 0018): the
    # stored copy's key holds the staff flag itself.
    built_plan("us", clauses=10)
    signed_in(client, analyst)
    assert b'href="/admin/"' not in client.get("/").content
    type(analyst).objects.filter(pk=analyst.pk).update(is_staff=True)
    assert b'href="/admin/"' in client.get("/").content


def test_the_reading_view_shared_and_filled_in_is_each_readers_own_page(client, analyst, settings):
    """The reading view is rendered once for everyone and each reader's decisions are
    rendered again in its holes: byte for byte what rendering it for that reader gives."""
    from policyapp.models import Modality, Stance
    from policyapp.services.decisions import tag_edit

    us = built_plan("us", clauses=30)
    tags = list(Tag.objects.filter(clause__version=us).order_by("clause__ordinal", "pk")[:4])
    other = factories.user_with_role(ANALYSTS)
    tag_confirm(tag=tags[0], user=analyst)
    tag_reject(tag=tags[1], user=analyst)
    tag_edit(tag=tags[2], user=analyst, stance=Stance.RESTRICTS, modality=Modality.CALL_TO_OTHERS,
             actor="Ministries <and> agencies")  # fmt: skip
    tag_confirm(tag=tags[0], user=other)
    tag_reject(tag=tags[3], user=other)
    urls = ["/documents/us/", "/documents/us/?from=21", "/documents/us/v1/?at=25"]
    for user in (analyst, other, factories.user_with_role(ANALYSTS)):
        client.logout()
        signed_in(client, user)
        for url in urls:
            settings.POLICYAPP_SHARED_PAGES = True
            shared = client.get(url).content
            client.get(url)  # served from the store this time
            settings.POLICYAPP_SHARED_PAGES = False
            own = client.get(url).content
            assert without_tokens(shared) == without_tokens(own), (user.username, url)
    assert b"You: confirmed" in own or url != urls[0]


# While one process renders a shared page again, the others serve the copy it replaces ----


@pytest.fixture
def rendering_elsewhere(monkeypatch):
    """Another process holds the claim to render every shared page (the claim is refused)."""
    from django.core.cache import caches

    monkeypatch.setattr(caches["pages"], "add", lambda *args, **kwargs: False)


def test_while_a_page_is_rendered_elsewhere_its_last_copy_serves_readers_who_changed_nothing(
    client, analyst, rendering_elsewhere
):
    us = built_plan("us", clauses=30)
    built_plan("cn", clauses=10, language="zh")
    url = PAGES["reader"]
    other = factories.user_with_role(ANALYSTS)
    reader = signed_in(Client(), other)
    first = reader.get(url)
    tag = Tag.objects.filter(clause__version=us).order_by("clause__ordinal").first()
    signed_in(client, analyst)
    assert client.post(reverse("tag_reject", args=[tag.pk]), headers={"HX-Request": "true"}).status_code == 200

    meanwhile = reader.get(url)
    # The copy as it was, labelled as it was: the browser asks again next time.
    assert without_tokens(meanwhile.content) == without_tokens(first.content)
    assert meanwhile["ETag"] == first["ETag"]
    # The analyst who rejected the tag never gets a page from before their change.
    own = client.get(url)
    assert own["ETag"] != first["ETag"]
    assert without_tokens(own.content).replace(analyst.username.encode(), b"READER") != (
        without_tokens(first.content).replace(other.username.encode(), b"READER")
    )


def test_a_reader_gets_the_new_page_once_it_is_rendered(client, analyst):
    us = built_plan("us", clauses=30)
    url = PAGES["reading view"]
    other = factories.user_with_role(ANALYSTS)
    reader = signed_in(Client(), other)
    first = reader.get(url)
    tag_reject(tag=Tag.objects.filter(clause__version=us).first(), user=analyst)
    # Nobody else renders it: this reader does, and gets the page as it is now.
    second = reader.get(url)
    assert second["ETag"] != first["ETag"] and second.content != first.content
    assert reader.get(url, headers={"If-None-Match": second["ETag"]}).status_code == 304


def test_a_change_is_remembered_in_the_session_as_the_revision_after_it(client, analyst):
    us = built_plan("us", clauses=10)
    signed_in(client, analyst)
    tag = Tag.objects.filter(clause__version=us).first()
    client.post(reverse("tag_confirm", args=[tag.pk]), headers={"HX-Request": "true"})
    assert client.session["policyapp_wrote_at"] == revision()
    client.get("/")  # reading changes nothing
    assert client.session["policyapp_wrote_at"] == revision()


def _claims(monkeypatch):
    """Record what the store is asked to add and delete."""
    from django.core.cache import caches

    store, calls = caches["pages"], []
    add, delete = store.add, store.delete
    monkeypatch.setattr(store, "add", lambda key, *a, **k: calls.append(("add", key)) or add(key, *a, **k))
    monkeypatch.setattr(store, "delete", lambda key, *a, **k: calls.append(("delete", key)) or delete(key, *a, **k))
    return calls


def _view_request(user, rf):
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/some/page/")
    request.user, request.session = user, SessionStore()
    request.COOKIES["csrftoken"] = "x" * 32
    return request


def _page_of_revisions(state: dict, renderings: list):
    """A shared page that shows `state["revision"]` (and fails with `state["fail"]`),
    noting each rendering in `renderings`."""
    from django.http import HttpResponse

    from policyapp.views.freshness import conditional_page

    def data(request):
        request.library_revision = state["revision"]
        return state["revision"]

    @conditional_page(data, shared=True)
    def page(request):
        if state.get("fail"):
            raise RuntimeError("the view failed")
        renderings.append(state["revision"])
        return HttpResponse(f"revision {state['revision']}")

    return page


def test_a_claim_to_render_is_given_back_after_the_page_and_after_an_error(analyst, rf, monkeypatch):
    state = {"revision": 1, "fail": False}
    page = _page_of_revisions(state, [])
    calls = _claims(monkeypatch)
    assert page(_view_request(analyst, rf)).content == b"revision 1"
    assert calls == []  # nothing stored yet: nothing to serve meanwhile, no claim
    state["revision"] = 2
    assert page(_view_request(analyst, rf)).content == b"revision 2"
    assert [c[0] for c in calls] == ["add", "delete"] and calls[0][1] == calls[1][1]
    state["revision"], state["fail"] = 3, True
    with pytest.raises(RuntimeError):
        page(_view_request(analyst, rf))
    assert [c[0] for c in calls] == ["add", "delete"] * 2
    state["fail"] = False
    assert page(_view_request(analyst, rf)).content == b"revision 3"


def test_a_slower_process_never_puts_an_older_page_back(analyst, rf):
    state, renderings = {"revision": 7}, []
    page = _page_of_revisions(state, renderings)
    page(_view_request(analyst, rf))  # a process renders revision 7
    state["revision"] = 6
    page(_view_request(analyst, rf))  # one that read revision 6 finishes after it
    state["revision"] = 7
    assert page(_view_request(analyst, rf)).content == b"revision 7"
    assert renderings == [7, 6]  # the third was revision 7's stored copy


def test_a_reader_who_changed_something_waits_for_the_page_another_process_renders(analyst, rf):
    import time

    from django.core.cache import caches

    from policyapp.views.freshness import WROTE_AT, Kept, shared_key_for

    state, renderings = {"revision": 1}, []
    page = _page_of_revisions(state, renderings)
    page(_view_request(analyst, rf))
    state["revision"] = 2
    request = _view_request(analyst, rf)
    request.session[WROTE_AT] = 2  # their own change made revision 2
    key = shared_key_for(request)
    caches["pages"].add(f"{key}:rendering", True)

    def another_process():
        time.sleep(0.05)
        store = caches["pages"]
        store.set(key, Kept(2, 2, (200, [("Content-Type", "text/html")], b"rendered elsewhere")))
        store.delete(f"{key}:rendering")

    elsewhere = threading.Thread(target=another_process)
    elsewhere.start()
    answer = page(request)
    elsewhere.join()
    assert answer.content == b"rendered elsewhere"
    assert renderings == [1]


def test_a_reader_who_changed_something_renders_the_page_if_the_other_process_never_ends(
    analyst, rf, monkeypatch
):
    from django.core.cache import caches

    from policyapp.views import freshness

    monkeypatch.setattr(freshness, "AWAIT_SECONDS", 0.05)
    state, renderings = {"revision": 1}, []
    page = _page_of_revisions(state, renderings)
    page(_view_request(analyst, rf))
    state["revision"] = 2
    request = _view_request(analyst, rf)
    request.session[freshness.WROTE_AT] = 2
    caches["pages"].add(f"{freshness.shared_key_for(request)}:rendering", True)
    assert page(request).content == b"revision 2"
    assert renderings == [1, 2]
