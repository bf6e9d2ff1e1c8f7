"""Uploaded originals: stored under a safe name, served as downloads, gone with their plan,
and a missing file is a clear 404 rather than a server error."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from policyapp.models import Document, stored_file_name
from policyapp.roles import VIEWERS
from policyapp.tests import factories

TEXT = b"We will publish open data sets for AI research."


def test_a_long_name_is_cut_on_a_character_boundary_keeping_its_extension():
    name = "规划" * 200 + ".pdf"
    stored = stored_file_name(name)
    assert stored.endswith(".pdf") and len(stored.encode()) <= 120
    assert stored[:-4] == "规划" * (len(stored[:-4]) // 2)
    assert stored_file_name("plan.pdf") == "plan.pdf"
    assert stored_file_name("Plan.final-version.html") == "Plan.final-version.html"


@pytest.fixture
def stored(db, media_root):
    document = factories.document(short_name="p")
    version = factories.version(document)
    version.original_filename = "x" * 250 + ".txt"
    version.file.save(version.original_filename, ContentFile(TEXT), save=True)
    return version


def test_a_file_name_of_any_length_is_stored_and_downloads_under_its_own_name(client, stored):
    assert len(Path(stored.file.name).name.encode()) <= 120
    client.force_login(factories.user_with_role(VIEWERS))
    response = client.get(reverse("version_file", args=["p", stored.number]))
    assert b"".join(response.streaming_content) == TEXT
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.django_db(transaction=True)
def test_deleting_a_plan_deletes_its_files_and_folders(media_root, themes):
    document = factories.document(short_name="gone")
    version = factories.version(document)
    version.file.save("plan.txt", ContentFile(TEXT), save=True)
    path = Path(version.file.path)
    assert path.exists()
    Document.objects.get(pk=document.pk).delete()
    assert not path.exists()
    assert not (Path(media_root) / "documents" / "gone").exists()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_deletion_keeps_the_file(media_root, themes):
    from django.db import transaction

    version = factories.version(factories.document(short_name="kept"))
    version.file.save("plan.txt", ContentFile(TEXT), save=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        version.document.delete()
        raise RuntimeError("changed my mind")
    assert Path(version.file.path).exists()


def test_a_missing_original_is_a_clear_404(client, stored):
    Path(stored.file.path).unlink()
    client.force_login(factories.user_with_role(VIEWERS))
    response = client.get(reverse("version_file", args=["p", stored.number]))
    assert response.status_code == 404
    assert "missing from the server" in response.text
