"""Backfill the follow-up's monthly view rollup (``ViewMonth``).

``hyte_followup_rollup`` rebuilds every month from the launch month (or the
first counted view) to the current month; ``--since YYYY-MM`` starts there.
The nightly ``hyte_daily`` rebuilds only the current and previous month.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from wagtail_hyte.core.periods import add_months, local_date, month_start
from wagtail_hyte.core.progress import Progress
from wagtail_hyte.followup.rollups import rebuild
from wagtail_hyte.followup.scope import launch_date


def parse_month(value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise CommandError(f"--since takes a month as YYYY-MM, not {value!r}") from None


class Command(BaseCommand):
    help = "Rebuild the follow-up's monthly page view rollup (month by month)."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="first month to rebuild, YYYY-MM (default: launch)")

    def handle(self, *args, since=None, **options):
        current = month_start(local_date())
        first = parse_month(since) if since else month_start(launch_date() or current)
        if first > current:
            raise CommandError("--since is after the current month")
        months = []
        month = first
        while month <= current:
            months.append(month)
            month = add_months(month, 1)
        progress = Progress(self.stdout, len(months), "Months")
        rows = 0
        for done, month in enumerate(months, 1):
            rows += rebuild(month, month)
            progress(done)
        progress.close()
        self.stdout.write(f"{len(months)} months rebuilt, {rows} rows.")
