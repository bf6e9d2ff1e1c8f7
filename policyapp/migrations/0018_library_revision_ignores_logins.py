"""A sign-in writes the user's `last_login`; pages show a user's name, never when they last
signed in, so only a new, renamed or deleted user moves the library's revision. Before this,
every sign-in threw away every stored page."""

from django.db import migrations

POSTGRESQL_FORWARD = [
    "DROP TRIGGER IF EXISTS policyapp_library_changed ON auth_user",
    "CREATE CONSTRAINT TRIGGER policyapp_library_changed "
    "AFTER INSERT OR DELETE OR UPDATE OF username ON auth_user "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION policyapp_library_changed()",
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS policyapp_library_changed ON auth_user",
    "CREATE CONSTRAINT TRIGGER policyapp_library_changed "
    "AFTER INSERT OR UPDATE OR DELETE ON auth_user "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION policyapp_library_changed()",
]
_SQLITE_BUMP = "BEGIN UPDATE policyapp_libraryrevision SET number = number + 1 WHERE id = 1; END"
SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS policyapp_library_changed_auth_user_update",
    f"CREATE TRIGGER policyapp_library_changed_auth_user_update AFTER UPDATE OF username "
    f"ON auth_user {_SQLITE_BUMP}",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS policyapp_library_changed_auth_user_update",
    f"CREATE TRIGGER policyapp_library_changed_auth_user_update AFTER UPDATE "
    f"ON auth_user {_SQLITE_BUMP}",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("policyapp", "0017_tag_theme_covering_postgresql"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRESQL_BACKWARD, "sqlite": SQLITE_BACKWARD}),
            elidable=False,
        ),
    ]
