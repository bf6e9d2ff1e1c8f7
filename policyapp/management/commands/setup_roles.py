from django.core.management.base import BaseCommand

from policyapp.services.accounts import roles_ensure


class Command(BaseCommand):
    help = "Create or update the Viewers, Analysts and Administrators groups and their permissions."

    def handle(self, *args, **options):
        for name, group in roles_ensure().items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
