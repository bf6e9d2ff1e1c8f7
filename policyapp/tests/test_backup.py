"""The backup of docs/deploy.md, exercised: pg_dump, restore into a fresh database, and every
plan, clause and decision is there."""

from __future__ import annotations

import shutil
import subprocess

import psycopg
import pytest
from django.db import connection

from policyapp.models import Clause, Decision, Document, Tag, Theme
from policyapp.roles import ANALYSTS
from policyapp.services.decisions import tag_reject
from policyapp.tests import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("themes")]


def _conninfo(name: str) -> str:
    settings = connection.settings_dict
    parts = {
        "dbname": name,
        "host": settings.get("HOST") or "",
        "port": str(settings.get("PORT") or ""),
        "user": settings.get("USER") or "",
        "password": settings.get("PASSWORD") or "",
    }
    return " ".join(f"{key}={value}" for key, value in parts.items() if value)


def _counts(conninfo: str) -> dict[str, int]:
    tables = {
        "documents": Document._meta.db_table,
        "clauses": Clause._meta.db_table,
        "tags": Tag._meta.db_table,
        "decisions": Decision._meta.db_table,
    }
    with psycopg.connect(conninfo) as conn:
        return {
            name: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for name, table in tables.items()
        }


def test_a_dump_restores_into_a_fresh_database_with_every_plan_clause_and_decision(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("backups are PostgreSQL dumps (CI runs the suite on PostgreSQL)")
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.fail("pg_dump and pg_restore (postgresql-client) are needed for the backup test")
    text = "We will publish open data sets. We will control exports of chips."
    version = factories.version(factories.document(short_name="backed-up"), text=text)
    first = factories.clause(version, start=0, end=31)
    factories.clause(version, start=32, end=len(text))
    tag = Tag.objects.create(
        clause=first, theme=Theme.objects.get(code="OPEN_DATA"), stance="PROMOTES",
        modality="DIRECTIVE", suggested_stance="PROMOTES", suggested_modality="DIRECTIVE",
    )  # fmt: skip
    tag_reject(tag=tag, user=factories.user_with_role(ANALYSTS))

    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"[:63]
    dump = tmp_path / "policyapp.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={dump}", _conninfo(source)], check=True
    )
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={_conninfo(restored)}", str(dump)],
            check=True,
        )
        expected = {"documents": 1, "clauses": 2, "tags": 1, "decisions": 1}
        assert _counts(_conninfo(source)) == expected
        assert _counts(_conninfo(restored)) == expected
        with psycopg.connect(_conninfo(restored)) as conn:
            verdict = conn.execute(
                f'SELECT verdict FROM "{Decision._meta.db_table}"'
            ).fetchone()[0]
        assert verdict == "rejected"
    finally:
        with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
