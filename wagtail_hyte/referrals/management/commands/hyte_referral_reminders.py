from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from wagtail_hyte.referrals.notifications import send_overdue_reminders


class Command(BaseCommand):
    help = "Remind partners of wellbeing referrals that became overdue (safe to run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List, send nothing.")

    def handle(self, *args, dry_run=False, **options):
        due = send_overdue_reminders(dry_run=dry_run)
        for referral in due:
            self.stdout.write(f"{referral.short_reference} {referral.due_date.isoformat()}")
        self.stdout.write(
            ngettext("%(count)s overdue referral.", "%(count)s overdue referrals.", len(due))
            % {"count": len(due)}
        )
