from django.core.management.base import BaseCommand

from wagtail_hyte.core.progress import Progress
from wagtail_hyte.ledger.export import iter_export_lines
from wagtail_hyte.ledger.models import ChainHead


class Command(BaseCommand):
    help = (
        "Export the ledger (entries and signed checkpoints) as JSON Lines for auditors. "
        "Contains no personal data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", default="-", help="File to write (default: stdout).")

    def handle(self, *args, output="-", **options):
        head = ChainHead.objects.filter(pk=1).first()
        if output == "-":
            for line in iter_export_lines():
                self.stdout.write(line, ending="")
            return
        progress = Progress(self.stderr, head.seq if head else None, "Exporting")
        count = 0
        with open(output, "w", encoding="utf-8") as out:
            for line in iter_export_lines():
                out.write(line)
                count += 1
                if count % 5000 == 0:
                    progress(count)
        progress.close()
        self.stderr.write(f"Wrote {count} lines to {output}.")
