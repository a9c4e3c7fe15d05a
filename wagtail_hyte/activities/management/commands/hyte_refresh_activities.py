"""Recompute each activity's next and last date (and, with ``--facets``, its facet rows).

Run daily (``hyte_daily``, cron or a task scheduler): "next date" sorting and
the hiding of activities whose last meeting has passed follow the calendar,
not page saves. The work is ``denormalise.refresh_activities``.
"""

from django.core.management.base import BaseCommand

from wagtail_hyte.activities.denormalise import refresh_activities


class Command(BaseCommand):
    help = "Recompute next/last dates and filter values of every activity page (run daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--facets", action="store_true", help="Also rebuild every activity's facet rows."
        )

    def handle(self, *args, facets=False, **options):
        changed = refresh_activities(facets=facets)
        self.stdout.write(f"{changed} activities had new dates.")
