"""While a plan is read, its worker writes how many pages it has read once a second; no
stored page shows that count (the upload's own status page is never stored), so only
changes to a version's other columns move the library's revision. Before this, reading a
plan made every stored page stale once a second."""

from django.db import migrations

# Every column of policyapp_version but pages_done and progress_at.
SHOWN = (
    "id, document_id, number, file, original_filename, sha256, uploaded_by_id, uploaded_at, "
    "status, error_message, page_count, language, text, ruleset_version, clause_count, text_size"
)

POSTGRESQL_FORWARD = [
    "DROP TRIGGER IF EXISTS policyapp_library_changed ON policyapp_version",
    "CREATE CONSTRAINT TRIGGER policyapp_library_changed "
    f"AFTER INSERT OR DELETE OR UPDATE OF {SHOWN} ON policyapp_version "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION policyapp_library_changed()",
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS policyapp_library_changed ON policyapp_version",
    "CREATE CONSTRAINT TRIGGER policyapp_library_changed "
    "AFTER INSERT OR UPDATE OR DELETE ON policyapp_version "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION policyapp_library_changed()",
]
_SQLITE_BUMP = "BEGIN UPDATE policyapp_libraryrevision SET number = number + 1 WHERE id = 1; END"
SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS policyapp_library_changed_policyapp_version_update",
    f"CREATE TRIGGER policyapp_library_changed_policyapp_version_update AFTER UPDATE OF {SHOWN} "
    f"ON policyapp_version {_SQLITE_BUMP}",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS policyapp_library_changed_policyapp_version_update",
    f"CREATE TRIGGER policyapp_library_changed_policyapp_version_update AFTER UPDATE "
    f"ON policyapp_version {_SQLITE_BUMP}",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("policyapp", "0018_library_revision_ignores_logins"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRESQL_BACKWARD, "sqlite": SQLITE_BACKWARD}),
            elidable=False,
        ),
    ]
