"""Run the daily housekeeping of every installed HYTE app: the one cron line."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wagtail_hyte.core.daily import get_jobs, run_daily


class Command(BaseCommand):
    help = (
        "Run every daily job of the installed HYTE apps (refresh activities, verify the "
        "ledger, checkpoint, retention, reminders, pruning). A failed job is reported and "
        "the others still run; exits non-zero if any failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="List the jobs, run nothing.")
        parser.add_argument(
            "--only", action="append", default=[], metavar="JOB", help="Run only JOB (repeatable)."
        )
        parser.add_argument(
            "--skip", action="append", default=[], metavar="JOB", help="Skip JOB (repeatable)."
        )

    def handle(self, *args, list=False, only=(), skip=(), **options):
        jobs = get_jobs()
        known = {job.name for job in jobs}
        unknown = sorted((set(only) | set(skip)) - known)
        if unknown:
            raise CommandError(_("Unknown daily job: %(names)s") % {"names": ", ".join(unknown)})
        if list:
            for job in jobs:
                self.stdout.write(f"{job.name}  {job.description}")
            return
        results = run_daily(only=only, skip=skip)
        for result in results:
            if result.ok:
                self.stdout.write(
                    f"{self.style.SUCCESS('ok')}      {result.name}: {result.summary}"
                )
            else:
                self.stderr.write(f"{self.style.ERROR('FAILED')}  {result.name}: {result.summary}")
        failed = [result.name for result in results if not result.ok]
        if failed:
            raise CommandError(
                _("%(count)s of %(total)s daily jobs failed: %(names)s")
                % {"count": len(failed), "total": len(results), "names": ", ".join(failed)},
                returncode=1,
            )
