"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DIR = Path(
    os.environ.get("POLICYAPP_SHARED_DIR", Path(__file__).resolve().parent.parent / "shared")
)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared folder (corpus, gold sets). CI always has it."""
    if not (SHARED_DIR / "corpus").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"shared material missing at {SHARED_DIR}; set POLICYAPP_SHARED_DIR")
        pytest.skip(
            "../shared is not beside this checkout; set POLICYAPP_SHARED_DIR to run corpus tests"
        )
    return SHARED_DIR


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    return shared_dir / "corpus"


@pytest.fixture(scope="session")
def gold_dir(shared_dir: Path) -> Path:
    return shared_dir / "gold"


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Uploaded files go to a fresh folder per test, never into var/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT


@pytest.fixture
def themes(django_db_setup, django_db_blocker):
    """Transactional tests flush every table after each test, the migration-loaded themes
    and the library's revision row included: put them back (idempotent, so harmless in
    ordinary tests)."""
    from policyapp.models import LibraryRevision, Theme
    from policyapp.taxonomy import themes_ensure

    with django_db_blocker.unblock():
        themes_ensure(Theme)
        LibraryRevision.objects.get_or_create(pk=1)
