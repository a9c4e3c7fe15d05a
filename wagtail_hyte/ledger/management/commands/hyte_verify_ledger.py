from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wagtail_hyte.core.progress import Progress
from wagtail_hyte.ledger.models import ChainHead
from wagtail_hyte.ledger.verification import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the ledger's hash chain, its head and its signed checkpoints (those in the "
        "database, every note in CHECKPOINT_DIRECTORY and any --checkpoint file). Exits 0 "
        "when intact; otherwise non-zero, naming the first bad sequence number."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="A signed checkpoint kept outside the database (repeatable).",
        )
        parser.add_argument("--chunk-size", type=int, default=5000)

    def handle(self, *args, checkpoint=(), chunk_size=5000, **options):
        notes = []
        for name in checkpoint:
            try:
                notes.append((name, Path(name).read_text(encoding="utf-8")))
            except OSError as exc:
                raise CommandError(f"Cannot read checkpoint {name}: {exc}") from exc
        head = ChainHead.objects.filter(pk=1).first()
        progress = Progress(self.stdout, head.seq if head else None, "Verifying")
        result = verify_chain(
            external_notes=notes,
            chunk_size=chunk_size,
            progress=progress,
            actor="system:hyte_verify_ledger",
        )
        progress.close()
        if result.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Ledger intact: {result.entries_checked} entries, "
                    f"{result.checkpoints_checked} checkpoint(s) matched "
                    f"({result.outside_checkpoints} from outside the database), "
                    f"head {result.head_hash}."
                )
            )
            return
        where = f"#{result.first_bad_seq}" if result.first_bad_seq else "checkpoint"
        raise CommandError(f"Ledger NOT intact at {where}: {result.problem}", returncode=2)
