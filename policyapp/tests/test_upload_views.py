"""The upload page, the progress page and the reading view, through the test client."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from policyapp.models import Document, Version
from policyapp.roles import ADMINISTRATORS, ANALYSTS, VIEWERS
from policyapp.tests import factories, pdfs

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("themes")]

PLAN = b"""# Open Plan

## 1. Data

We will publish open data sets for AI research. Agencies shall share compute.
"""


@pytest.fixture
def admin_client(client):
    client.force_login(factories.user_with_role(ADMINISTRATORS))
    return client


def post_upload(client, data: bytes = PLAN, name: str = "plan.md", **fields):
    form = {"title": "Open Plan", "jurisdiction": "gb"} | fields
    return client.post(reverse("upload"), form | {"file": SimpleUploadedFile(name, data)})


def test_only_administrators_may_upload(client):
    for role in (VIEWERS, ANALYSTS):
        client.force_login(factories.user_with_role(role))
        assert client.get(reverse("upload")).status_code == 403
        assert post_upload(client).status_code == 403
    assert Document.objects.count() == 0


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("upload"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_upload_lands_on_its_progress_page_then_reads(admin_client):
    response = post_upload(admin_client)
    version = Version.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("version_detail", args=[version.document.short_name, 1])
    assert version.document.jurisdiction == "GB"

    page = admin_client.get(response["Location"])
    assert "Uploaded a new plan; reading it now." in page.text
    assert "clauses" in page.text and 'href="/documents/open-plan/v1/"' in page.text

    reading = admin_client.get(reverse("document_detail", args=["open-plan"]))
    # Evidence marks sit inside the clause text; the words read the same without them.
    assert "We will publish open data sets for AI research." in strip_tags(reading.text)
    assert '<mark class="evidence' in reading.text
    assert 'id="c1"' in reading.text


def test_progress_fragment_for_htmx_polls_until_ready(admin_client):
    document = factories.document(short_name="pending-plan")
    version = factories.version(document, status="processing", page_count=40, pages_done=12)
    url = reverse("version_detail", args=["pending-plan", version.number])

    fragment = admin_client.get(url, headers={"HX-Request": "true"})

    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<section id="progress"')
    assert "<html" not in fragment.text
    assert 'hx-trigger="every 1s"' in fragment.text
    assert "Reading page 12 of 40" in fragment.text
    assert '<progress max="40" value="12"' in fragment.text
    assert "HX-Request" in fragment["Vary"]

    version.status = "ready"
    version.save()
    done = admin_client.get(url, headers={"HX-Request": "true"})
    assert "every 1s" not in done.text and "Read the plan" in done.text


def test_a_bad_file_shows_its_message_on_the_form_and_stores_nothing(admin_client):
    response = post_upload(admin_client, data=b"", name="plan.pdf")
    assert response.status_code == 400
    assert "The file is empty." in response.text
    assert Document.objects.count() == 0 and Version.objects.count() == 0


@pytest.mark.corpus
def test_an_encrypted_pdf_is_refused_on_the_form(admin_client, corpus_dir):
    data = pdfs.encrypted((corpus_dir / "us-ai-action-plan-2025/en.pdf").read_bytes())
    response = post_upload(admin_client, data=data, name="plan.pdf")
    assert response.status_code == 400
    assert "password" in response.text
    assert Document.objects.count() == 0


def test_the_same_file_twice_says_already_uploaded(admin_client):
    post_upload(admin_client)
    response = post_upload(admin_client, title="Other")
    assert response.status_code == 302
    page = admin_client.get(response["Location"])
    assert "already uploaded as version 1 of “Open Plan”" in page.text
    assert Version.objects.count() == 1


def test_a_revision_becomes_version_two(admin_client):
    post_upload(admin_client)
    document = Document.objects.get()
    response = post_upload(
        admin_client, data=PLAN + b"\nWe will fund open science.\n", revision_of=document.pk
    )
    assert response["Location"].endswith("/v2/status/")
    assert list(document.versions.values_list("number", "status")) == [(2, "ready"), (1, "ready")]


def test_a_new_plan_needs_a_title_and_a_jurisdiction(admin_client):
    response = post_upload(admin_client, title="", jurisdiction="")
    assert response.status_code == 400
    assert response.text.count("Required for a new plan.") == 2
    assert Document.objects.count() == 0


def test_a_200_megabyte_upload_is_refused_while_it_streams_with_a_clear_message(
    admin_client, settings
):
    settings.POLICYAPP_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
    huge = io.BytesIO(b"%PDF-1.7\n" + bytes(200 * 1024 * 1024))
    huge.name = "huge.pdf"
    response = admin_client.post(
        reverse("upload"), {"title": "Huge", "jurisdiction": "US", "file": huge}
    )
    assert response.status_code == 400
    assert "over the upload limit of 50 MB" in response.text
    assert Document.objects.count() == 0


def test_a_forged_form_without_the_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.user_with_role(ADMINISTRATORS))
    response = post_upload(client)
    assert response.status_code == 403
    assert Document.objects.count() == 0


def test_clause_source_for_text_marks_the_clause_in_the_version_text(admin_client):
    post_upload(admin_client)
    version = Version.objects.get()
    clause = version.clauses.get(text="Agencies shall share compute.")
    response = admin_client.get(reverse("clause_source", args=["open-plan", 1, clause.ordinal]))
    assert '<mark id="clause">Agencies shall share compute.</mark>' in response.text
    assert "We will publish open data sets for AI research." in response.text


@pytest.mark.corpus
def test_clause_source_for_a_pdf_shows_the_page_with_the_clause_box(admin_client, corpus_dir):
    data = (corpus_dir / "us-ai-action-plan-2025/en.pdf").read_bytes()
    post_upload(admin_client, data=data, name="en.pdf", title="US plan", jurisdiction="US")
    version = Version.objects.get()
    clause = version.clauses.get(text="Encourage Open-Source and Open-Weight AI")

    response = admin_client.get(
        reverse("clause_source", args=[version.document.short_name, 1, clause.ordinal])
    )

    image_url = reverse("page_image", args=[version.document.short_name, 1, clause.page])
    assert f'<image href="{image_url}"' in response.text
    assert '<rect class="page-highlight" x="' in response.text
    image = admin_client.get(image_url)
    assert image["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")
    missing = admin_client.get(reverse("page_image", args=[version.document.short_name, 1, 99]))
    assert missing.status_code == 404
    original = admin_client.get(reverse("version_file", args=[version.document.short_name, 1]))
    assert b"".join(original.streaming_content) == data


def test_viewers_read_plans_but_see_no_upload_link(client):
    version = factories.version(factories.document(short_name="p"))
    factories.clause(version, start=0, end=25)
    client.force_login(factories.user_with_role(VIEWERS))
    page = client.get(reverse("document_detail", args=["p"]))
    assert page.status_code == 200
    assert "Encourage open-source AI." in page.text
    assert reverse("upload") not in page.text


def test_upload_in_the_django_admin_goes_through_the_ingest_service(client):
    admin_user = factories.user_with_role(ADMINISTRATORS)
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    add_url = reverse("admin:policyapp_version_add")

    form = client.get(add_url)
    assert form.status_code == 200 and "Upload and read" in form.text
    refused = client.post(
        add_url, {"title": "T", "jurisdiction": "US", "file": SimpleUploadedFile("x.pdf", b"")}
    )
    assert refused.status_code == 400 and "The file is empty." in refused.text
    response = client.post(
        add_url,
        {"title": "Open Plan", "jurisdiction": "US", "file": SimpleUploadedFile("plan.md", PLAN)},
    )

    version = Version.objects.get()
    assert response["Location"] == reverse("admin:policyapp_version_change", args=[version.pk])
    assert version.status == "ready" and version.uploaded_by == admin_user
    assert version.clauses.count() > 0


def test_staff_without_the_upload_permission_cannot_add_versions_in_the_admin(client):
    analyst = factories.user_with_role(ANALYSTS)
    analyst.is_staff = True
    analyst.save()
    client.force_login(analyst)
    assert client.get(reverse("admin:policyapp_version_add")).status_code == 403


def test_the_table_of_contents_leaves_out_a_heading_repeated_under_every_section(admin_client):
    body = "".join(
        f"\n## {n}. Topic {n}\n\nWe will act {n}.\n\n### Recommended Policy Actions\n\n- Share data {n}.\n"
        for n in range(1, 4)
    )
    post_upload(admin_client, data=f"# Plan\n{body}".encode(), title="Plan")
    page = admin_client.get(reverse("document_detail", args=["plan"])).text
    toc = page.split('<nav class="toc"')[1].split("</nav>")[0]
    assert "Topic 3" in toc and "Recommended Policy Actions" not in toc
    assert len(re.findall(r'<p class="clause-text"[^>]*>Recommended Policy Actions</p>', page)) == 3
