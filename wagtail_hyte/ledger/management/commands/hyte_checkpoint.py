from django.core.management.base import BaseCommand

from wagtail_hyte.ledger.checkpoints import make_checkpoint


class Command(BaseCommand):
    help = (
        "Sign a checkpoint of the ledger's head now and send it to CHECKPOINT_DIRECTORY "
        "and CHECKPOINT_EMAILS. Prints the signed note."
    )

    def handle(self, *args, **options):
        checkpoint = make_checkpoint()
        self.stdout.write(checkpoint.note, ending="")
        sent = ", ".join(checkpoint.destinations) or "the database only"
        self.stderr.write(f"Checkpoint at size {checkpoint.size} stored in {sent}.")
