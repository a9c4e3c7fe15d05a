"""The referrals app's answers to the ledger's signals."""

from django.dispatch import receiver

from wagtail_hyte.ledger.services import retention_hold, subject_erased


@receiver(retention_hold, dispatch_uid="hyte_referrals_retention_hold")
def keep_subjects_with_open_referrals(sender, subject_ids, **kwargs):
    """Retention keeps a client while any of their referrals is open."""
    from .models import Referral

    return {
        str(pk)
        for pk in Referral.objects.open()
        .filter(subject_id__in=subject_ids)
        .values_list("subject_id", flat=True)
    }


@receiver(subject_erased, dispatch_uid="hyte_referrals_subject_erased")
def clear_outcome_notes(sender, subject, **kwargs):
    """The notes are noise once the data key is gone; clear the ciphertext too."""
    from .models import Referral

    Referral.objects.filter(subject=subject).exclude(outcome_note_ciphertext=None).update(
        outcome_note_ciphertext=None
    )
