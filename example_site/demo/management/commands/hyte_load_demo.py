"""Load the demo data: users for every role, partners, and what later features add.

Idempotent. Refuses to run when DEBUG is off unless --force is given, because it
creates users with a published password.
"""

from importlib import import_module

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.context import DemoContext
from demo.steps import STEPS

DEMO_PASSWORD = "hyte-demo-2026"  # noqa: S105  (printed on purpose: development only)


class Command(BaseCommand):
    help = "Load wagtail-hyte demo data (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off. Never on a site with real users.",
        )
        parser.add_argument(
            "--password", default=DEMO_PASSWORD, help="Password for the demo users."
        )

    def handle(self, *args, force=False, password=DEMO_PASSWORD, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: refusing to create demo users with a published password. "
                "Use --force only on a throwaway database."
            )
        call_command("hyte_setup_roles", stdout=self.stdout)
        context = DemoContext(stdout=self.stdout, password=password)
        with transaction.atomic():
            for step in STEPS:
                self.stdout.write(f"Loading {step.rsplit('.', 1)[-1]} …")
                import_module(step).load(context)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (development password for all: {password}):")
        for username, (_user, role) in context.users.items():
            self.stdout.write(f"  {username:<14} {role or 'superuser'}")
