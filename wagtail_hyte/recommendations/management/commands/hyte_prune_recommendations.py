from django.core.management.base import BaseCommand

from wagtail_hyte.recommendations.housekeeping import DELIVERY_DAYS, prune


class Command(BaseCommand):
    help = "Delete ended rate-limit windows and delivery records older than --days (daily)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DELIVERY_DAYS)

    def handle(self, *args, days, **options):
        result = prune(days)
        self.stdout.write(
            f"Deleted {result['send_windows']} send windows and {result['deliveries']} "
            f"delivery records older than {days} days."
        )
