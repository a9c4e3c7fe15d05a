"""Erase one data subject's personal data on their request (GDPR art. 17)."""

import uuid

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wagtail_hyte.ledger.models import Subject
from wagtail_hyte.ledger.services import erase_subject
from wagtail_hyte.ledger.services.erasure import REFERENCE, open_business


class Command(BaseCommand):
    help = (
        "Erase a data subject's personal data on their request: crypto-shreds the "
        "contact details and appends personal_data.erased with the request's "
        "reference. Refused while open business (an open referral) still holds "
        "the data: record the withdrawal of consent first. Find the subject id "
        "with HYTE -> Find a data subject."
    )

    def add_arguments(self, parser):
        parser.add_argument("subject_id", help="the subject's pseudonymous id (UUID)")
        parser.add_argument("--reference", required=True, help="the request's case or diary number")
        parser.add_argument(
            "--by",
            required=True,
            metavar="USERNAME",
            help="the staff member who decided the erasure (recorded as the actor)",
        )

    def handle(self, *args, subject_id, reference, by, **options):
        if not REFERENCE.match(reference):
            raise CommandError("--reference: up to 64 letters, digits and - _ . : /")
        try:
            subject = Subject.objects.get(pk=uuid.UUID(subject_id))
        except (Subject.DoesNotExist, ValueError):
            raise CommandError(f"no data subject with the id {subject_id!r}") from None
        user = get_user_model().objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"--by: no active user {by!r}")
        if subject.erased_at is not None:
            self.stdout.write(f"Subject {subject.pk} was already erased at {subject.erased_at}.")
            return
        if open_business(subject):
            raise CommandError(
                "the subject has open business (a referral in progress): record the "
                "withdrawal of consent first, then run this again"
            )
        erase_subject(subject, user, "request", reference=reference)
        self.stdout.write(f"Erased the personal data of subject {subject.pk} ({reference}).")
