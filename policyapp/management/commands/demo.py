from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from policyapp.services.accounts import demo_users_ensure
from policyapp.services.ingest import demo_plans_ensure


class Command(BaseCommand):
    help = "Set up the embedded demo: roles, a demo analyst and administrator, the demo plans."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # The demo logins have published passwords: never on a production database.
            raise CommandError(
                "The demo creates logins with published passwords; it runs only with "
                "DJANGO_DEBUG=1 (development). In production create users with "
                "`manage.py createsuperuser` and give them roles in the admin."
            )
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
