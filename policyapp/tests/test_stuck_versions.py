"""A version whose worker died, or that no worker picked up, ends failed with a message, its
page stops polling, and an administrator reads it again with one button."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from policyapp.models import AuditEntry, Version, VersionStatus
from policyapp.roles import ADMINISTRATORS, ANALYSTS, VIEWERS
from policyapp.services.ingest import versions_fail_stuck
from policyapp.tests import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("themes")]

PLAN = b"# Open Plan\n\n## 1. Data\n\nWe will publish open data sets for AI research.\n"


def silent_version(status: str, minutes: int) -> Version:
    version = factories.version(
        factories.document(short_name=f"silent-{status}"), status=status, text=""
    )
    Version.objects.filter(pk=version.pk).update(
        progress_at=timezone.now() - timedelta(minutes=minutes)
    )
    return version


def test_only_versions_silent_for_longer_than_the_limit_are_failed(settings):
    settings.POLICYAPP_STUCK_MINUTES = 15
    stuck = silent_version("processing", 16)
    busy = silent_version("pending", 5)
    assert versions_fail_stuck() == [stuck.pk]
    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.status == VersionStatus.FAILED and "interrupted" in stuck.error_message
    assert busy.status == VersionStatus.PENDING


def test_a_stuck_version_page_says_so_and_stops_polling(client, settings):
    settings.POLICYAPP_STUCK_MINUTES = 15
    version = silent_version("pending", 60)
    client.force_login(factories.user_with_role(ADMINISTRATORS))
    url = reverse("version_detail", args=[version.document.short_name, version.number])
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert "every 1s" not in fragment.text
    assert "db_worker" in fragment.text and "Retry this file" in fragment.text


def test_an_administrator_retries_a_failed_version_and_it_is_read(client):
    version = factories.version(
        factories.document(short_name="retry-me"), status="failed", text="",
        error_message="Reading this file stopped", original_filename="plan.md",
    )  # fmt: skip
    version.file.save("plan.md", ContentFile(PLAN), save=True)
    client.force_login(factories.user_with_role(ADMINISTRATORS))
    response = client.post(reverse("version_retry", args=["retry-me", version.number]))
    assert response.status_code == 302
    version.refresh_from_db()
    assert (version.status, version.error_message) == (VersionStatus.READY, "")
    assert version.clauses.filter(text__contains="open data sets").exists()
    assert AuditEntry.objects.filter(action="version.retry", target_id=version.pk).exists()


@pytest.mark.parametrize("role", [VIEWERS, ANALYSTS])
def test_only_administrators_retry(client, role):
    version = factories.version(factories.document(short_name="nope"), status="failed")
    client.force_login(factories.user_with_role(role))
    url = reverse("version_retry", args=["nope", version.number])
    assert client.post(url).status_code == 403
    assert Version.objects.get(pk=version.pk).status == VersionStatus.FAILED


def test_a_retry_is_a_post_and_only_of_a_failed_version(client):
    version = factories.version(factories.document(short_name="fine"))
    client.force_login(factories.user_with_role(ADMINISTRATORS))
    url = reverse("version_retry", args=["fine", version.number])
    assert client.get(url).status_code == 405
    client.post(url)
    assert Version.objects.get(pk=version.pk).status == VersionStatus.READY


def test_a_failed_file_uploaded_again_since_is_not_read_twice(client):
    from policyapp.services.ingest import version_retry

    failed = factories.version(factories.document(short_name="first"), status="failed",
                               sha256="c" * 64)  # fmt: skip
    factories.version(factories.document(short_name="again"), sha256="c" * 64)
    with pytest.raises(ValueError, match="stored again as version 1"):
        version_retry(version=failed)
    assert Version.objects.get(pk=failed.pk).status == VersionStatus.FAILED
