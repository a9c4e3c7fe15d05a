"""No second factor is switched off unledgered.

``mfa.remove_factors`` ledgers the removals it makes. Every other deletion of a
confirmed authenticator or set of recovery codes (the Django admin, a shell, a
script, a cascade from a deleted user) is ledgered here as
``staff.second_factor_removed`` with how = "direct" and the actor
``system:direct``, in the deleting transaction; so is a confirmed device saved
back to unconfirmed. Unconfirmed (pending) authenticators are not factors yet.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from wagtail_hyte.ledger.services import append_entry

from . import kinds, mfa

ACTOR = "system:direct"
FACTOR_OF = {TOTPDevice: mfa.TOTP, StaticDevice: mfa.RECOVERY}


def _ledger_direct_removal(sender, instance) -> None:
    append_entry(
        kinds.FACTOR_REMOVED,
        ACTOR,
        payload={"user": f"user:{instance.user_id}", "factor": FACTOR_OF[sender], "how": "direct"},
    )


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="hyte_accounts_totp_deleted")
@receiver(post_delete, sender=StaticDevice, dispatch_uid="hyte_accounts_static_deleted")
def factor_deleted(sender, instance, **kwargs):
    if instance.confirmed and not mfa.is_managed_change():
        _ledger_direct_removal(sender, instance)


@receiver(pre_save, sender=TOTPDevice, dispatch_uid="hyte_accounts_totp_unconfirmed")
@receiver(pre_save, sender=StaticDevice, dispatch_uid="hyte_accounts_static_unconfirmed")
def factor_unconfirmed(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.confirmed or instance.pk is None or mfa.is_managed_change():
        return
    if update_fields is not None and "confirmed" not in update_fields:
        return
    if sender.objects.filter(pk=instance.pk, confirmed=True).exists():
        _ledger_direct_removal(sender, instance)
