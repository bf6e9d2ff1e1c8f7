"""Reading pages are compressed and carry validators, so a second visit costs little."""

from __future__ import annotations

import gzip

import pytest
from django.urls import reverse

from policyapp.models import Tag
from policyapp.roles import ANALYSTS
from policyapp.services.decisions import tag_confirm
from policyapp.tests import factories
from policyapp.tests.plans import built_plan

# Transactional: the library's revision, which some pages' validators hang on, moves when a
# transaction commits on PostgreSQL.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("themes")]


@pytest.fixture
def analyst():
    return factories.user_with_role(ANALYSTS)


@pytest.fixture
def reader(client, analyst):
    client.force_login(analyst)
    # A browser has its CSRF cookie from the login form before it reads anything.
    client.get(reverse("login"))
    return client


def pages():
    us = built_plan("us", clauses=80)
    built_plan("cn", clauses=20, language="zh")
    return us, {
        "reading view": reverse("document_detail", args=["us"]),
        "reader": reverse("compare_read") + "?plans=us,cn&theme=OPEN_DATA",
    }


@pytest.mark.parametrize("name", ["reading view", "reader"])
def test_pages_are_gzipped_for_browsers_that_accept_it(reader, name):
    _, urls = pages()
    plain = reader.get(urls[name])
    zipped = reader.get(urls[name], headers={"Accept-Encoding": "gzip"})
    assert zipped["Content-Encoding"] == "gzip"
    assert len(zipped.content) * 3 < len(plain.content)
    assert b"</html>" in gzip.decompress(zipped.content)
    assert "Accept-Encoding" in zipped["Vary"]


@pytest.mark.parametrize("name", ["reading view", "reader"])
def test_a_second_visit_with_the_validator_gets_304_until_a_tag_changes(reader, analyst, name):
    us, urls = pages()
    first = reader.get(urls[name], headers={"Accept-Encoding": "gzip"})
    assert first.status_code == 200 and "private" in first["Cache-Control"]
    etag = first["ETag"]

    again = reader.get(urls[name], headers={"If-None-Match": etag, "Accept-Encoding": "gzip"})
    assert again.status_code == 304 and not again.content

    # An analyst's decision changes what the page shows: the old validator no longer matches.
    tag_confirm(tag=Tag.objects.filter(clause__version=us, theme="OPEN_DATA").first(), user=analyst)
    changed = reader.get(urls[name], headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_fragment_and_its_page_do_not_share_a_validator(reader):
    us, _ = pages()
    url = reverse("document_detail", args=["us"]) + "?from=61"
    page = reader.get(url)
    fragment = reader.get(url, headers={"HX-Request": "true", "If-None-Match": page["ETag"]})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "HX-Request" in fragment["Vary"]


def test_another_user_does_not_get_304_for_a_page_that_names_someone_else(client, reader):
    _, urls = pages()
    etag = reader.get(urls["reading view"])["ETag"]
    client.force_login(factories.user_with_role(ANALYSTS))
    assert client.get(urls["reading view"], headers={"If-None-Match": etag}).status_code == 200


def test_a_retag_that_drops_a_suggestion_changes_the_validator(reader):
    us, urls = pages()
    etag = reader.get(urls["reading view"])["ETag"]
    Tag.objects.filter(clause__version=us).first().delete()
    assert reader.get(urls["reading view"], headers={"If-None-Match": etag}).status_code == 200


def test_the_reader_changes_when_a_note_is_added_to_a_clause_it_shows(reader, analyst):
    from policyapp.services.notes import note_add

    us, urls = pages()
    url = reverse("compare_read") + "?plans=us,cn"
    etag = reader.get(url)["ETag"]
    note_add(clause=us.clauses.order_by("ordinal").first(), user=analyst, body="See the annex.")
    again = reader.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200 and again["ETag"] != etag
