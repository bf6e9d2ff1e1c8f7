from django.core.management.base import BaseCommand

from policyapp.services.accounts import demo_users_ensure


class Command(BaseCommand):
    help = "Set up the embedded demo: roles, a demo analyst and administrator, the demo plans."

    def handle(self, *args, **options):
        logins = demo_users_ensure()
        self.stdout.write("Demo logins (development only):")
        for login in logins:
            self.stdout.write(
                f"  {login.role:<15} user {login.username!r}  password {login.password!r}"
            )
