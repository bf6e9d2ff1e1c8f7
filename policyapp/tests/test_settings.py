"""Settings come from the environment; production settings pass the deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "policyapp.settings"} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x7Qz" * 12,
        DJANGO_ALLOWED_HOSTS="policy.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    # HSTS preload is the operator's commitment to make (DJANGO_HSTS_PRELOAD=1), so its
    # reminder is the one warning left; anything else is a regression.
    warnings = [line for line in result.stderr.splitlines() if "(security." in line]
    assert [w.split(")")[0].strip("?: (") for w in warnings] == ["security.W021"], result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_debug_mode_runs_without_a_secret_key(tmp_path):
    result = run_manage(
        "check", DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    assert result.returncode == 0, result.stderr


def _task_backend(tmp_path, **env: str) -> str:
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_queues_ingest_for_a_worker_and_development_runs_it_inline(tmp_path):
    production = {"DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x7Qz" * 12}
    assert _task_backend(tmp_path, **production) == "django_tasks_db.DatabaseBackend"
    assert _task_backend(tmp_path, DJANGO_DEBUG="1").endswith("ImmediateBackend")
    # An operator may still choose inline processing explicitly.
    explicit = production | {"POLICYAPP_TASKS": "immediate"}
    assert _task_backend(tmp_path, **explicit).endswith("ImmediateBackend")


def test_a_web_process_starts_without_the_tagging_and_pdf_libraries():
    """Web processes load the URLconf (every view, the admin) but no spaCy, jieba or PDF
    library until a request needs one: start-up stays quick and light."""
    code = (
        "import sys, django; django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "from django.contrib import admin; admin.autodiscover();"
        "heavy = [m for m in ('spacy', 'jieba', 'pdfplumber', 'pypdfium2', 'sklearn')"
        " if m in sys.modules]; print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        | {"DJANGO_SETTINGS_MODULE": "policyapp.settings", "DJANGO_DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_web_processes_share_stored_pages_through_a_folder_when_told(tmp_path):
    env = {"DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "POLICYAPP_PAGE_CACHE_DIR": str(tmp_path / "pages")}  # fmt: skip
    put = "from django.core.cache import caches; caches['pages'].set('page', b'<p>rendered</p>')"
    get = "from django.core.cache import caches; print(caches['pages'].get('page'))"
    assert run_manage("shell", "-c", put, **env).returncode == 0
    # Another process, as another gunicorn worker would be.
    result = run_manage("shell", "-c", get, **env)
    assert result.stdout.strip().splitlines()[-1] == "b'<p>rendered</p>'", result.stderr
    # Without the setting each process keeps its own, in memory.
    result = run_manage("shell", "-c", get, **(env | {"POLICYAPP_PAGE_CACHE_DIR": ""}))
    assert result.stdout.strip().splitlines()[-1] == "None", result.stderr
