"""Recompute each activity's next and last date and its facet rows.

Run daily (cron or a task scheduler): "next date" sorting and the hiding of
activities whose last meeting has passed follow the calendar, not page saves.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from wagtail_hyte.activities import schedule
from wagtail_hyte.activities.cache import bump
from wagtail_hyte.activities.facets import sync_facets
from wagtail_hyte.activities.models import ActivityPage


class Command(BaseCommand):
    help = "Recompute next/last dates and filter values of every activity page (run daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--facets", action="store_true", help="Also rebuild every activity's facet rows."
        )

    def handle(self, *args, facets=False, **options):
        today = timezone.localdate()
        changed = 0
        pages = ActivityPage.objects.prefetch_related("meetings", "weekly_times")
        for page in pages.iterator(chunk_size=500):
            with transaction.atomic():
                dates = schedule.next_and_last(page, today)
                if dates != (page.next_date, page.last_date):
                    ActivityPage.objects.filter(pk=page.pk).update(
                        next_date=dates[0], last_date=dates[1]
                    )
                    bump()  # cached listings sort and hide by these dates
                    changed += 1
                if facets:
                    sync_facets(page)
        self.stdout.write(f"{changed} activities had new dates.")
