from django.core.management.base import BaseCommand

from wagtail_hyte.core.progress import Progress
from wagtail_hyte.ledger.models import Subject
from wagtail_hyte.ledger.services import rotate_keys


class Command(BaseCommand):
    help = (
        "Re-wrap every subject's data key under CURRENT_KEY_ID, in batches. Run after "
        "adding a new key-encryption key; the old key can be retired afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size=500, **options):
        total = Subject.objects.filter(wrapped_key__isnull=False).count()
        progress = Progress(self.stdout, total, "Re-wrapping")
        result = rotate_keys(batch_size=batch_size, progress=progress)
        progress.close()
        old = ", ".join(result["from"]) or "none"
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['rewrapped']} data key(s) re-wrapped under {result['to']} (from: {old})."
            )
        )
