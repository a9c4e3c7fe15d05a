from django.core.management.base import BaseCommand

from wagtail_hyte.ledger.services import enforce_retention


class Command(BaseCommand):
    help = (
        "Mark expired consents and erase the personal data of subjects whose business "
        "closed more than RETENTION_DAYS ago. Safe to run daily."
    )

    def handle(self, *args, **options):
        result = enforce_retention()
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['consents_expired']} consent(s) expired, "
                f"{result['subjects_erased']} subject(s) erased."
            )
        )
