from django.core.management.base import BaseCommand

from wagtail_hyte.metrics.housekeeping import prune


class Command(BaseCommand):
    help = "Delete zero-result search terms past METRICS_ZERO_RESULT_KEEP_DAYS (run daily)."

    def handle(self, *args, **options):
        result = prune()
        self.stdout.write(", ".join(f"{kind}: {n}" for kind, n in result.items()))
