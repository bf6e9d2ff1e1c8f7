from django.core.management.base import BaseCommand

from policyapp.services.accounts import demo_users_ensure
from policyapp.services.ingest import demo_plans_ensure


class Command(BaseCommand):
    help = "Set up the embedded demo: roles, a demo analyst and administrator, the demo plans."

    def handle(self, *args, **options):
        logins = demo_users_ensure()
        for outcome in demo_plans_ensure():
            version = outcome.version
            version.refresh_from_db()
            self.stdout.write(f"Demo plan {version.document.short_name}: {version.status}")
            if version.error_message:
                self.stderr.write(f"  {version.error_message}")
        self.stdout.write("Demo logins (development only):")
        for login in logins:
            self.stdout.write(
                f"  {login.role:<15} user {login.username!r}  password {login.password!r}"
            )
