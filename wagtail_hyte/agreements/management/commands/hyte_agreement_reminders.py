from django.core.management.base import BaseCommand

from wagtail_hyte.agreements.models import EXPIRING_DAYS
from wagtail_hyte.agreements.reminders import send_expiry_reminders


class Command(BaseCommand):
    help = (
        "Email the coordinators about partner agreements expiring soon. Run daily; each "
        "agreement is reminded of once per end date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=EXPIRING_DAYS)
        parser.add_argument("--dry-run", action="store_true", help="List, send nothing.")

    def handle(self, *args, days, dry_run, **options):
        due = send_expiry_reminders(days=days, dry_run=dry_run)
        for agreement in due:
            self.stdout.write(
                f"{agreement.reference_number}  {agreement.valid_to}  {agreement.partner}"
            )
        verb = "would be included" if dry_run else "included in the reminder"
        self.stdout.write(f"{len(due)} agreements {verb}.")
