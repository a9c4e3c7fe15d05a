"""Encrypt the partner's outcome note with the client's data key.

Existing plaintext notes are encrypted in place (the subject's data key,
associated data naming the subject and the referral), then the plaintext
column is dropped. Notes of erased clients are cleared. The key-encryption
keys must be configured when this runs; a note that cannot be encrypted stops
the migration (nothing is changed then).
"""

import os

from django.db import migrations, models


def encrypt_notes(apps, schema_editor):
    Referral = apps.get_model("wagtail_hyte_referrals", "Referral")
    pending = Referral.objects.exclude(outcome_note="").select_related("subject")
    if not pending.exists():
        return
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from wagtail_hyte.ledger.crypto import unwrap_data_key
    from wagtail_hyte.ledger.keys import get_keyring

    keyring = get_keyring()
    for referral in pending.iterator():
        subject = referral.subject
        sealed = None
        if subject.erased_at is None and subject.wrapped_key:
            try:
                data_key = unwrap_data_key(
                    keyring, str(subject.pk), subject.kek_id, bytes(subject.wrapped_key)
                )
            except Exception as exc:
                raise RuntimeError(
                    f"referral {referral.pk}: the outcome note cannot be encrypted "
                    f"(key {subject.kek_id!r} unavailable); configure the key and migrate again"
                ) from exc
            aad = f"hyte/text/v1|{subject.pk}|referral_note:{referral.reference}".encode()
            nonce = os.urandom(12)
            sealed = nonce + AESGCM(data_key).encrypt(
                nonce, referral.outcome_note.encode("utf-8"), aad
            )
        Referral.objects.filter(pk=referral.pk).update(
            outcome_note_ciphertext=sealed, outcome_note=""
        )


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_hyte_referrals", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="outcome_note_ciphertext",
            field=models.BinaryField(
                editable=False, null=True, verbose_name="outcome note (encrypted)"
            ),
        ),
        migrations.RunPython(encrypt_notes, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="referral", name="outcome_note"),
        migrations.AlterModelOptions(
            name="referral",
            options={
                "ordering": ["-sent_at"],
                "permissions": [
                    ("make_referral", "Can make referrals"),
                    ("handle_referral", "Can handle the own partner's referrals"),
                    ("view_referral_figures", "Can view referral figures"),
                    (
                        "record_withdrawal",
                        "Can record a client's withdrawal of consent for any referral",
                    ),
                ],
                "verbose_name": "referral",
                "verbose_name_plural": "referrals",
            },
        ),
    ]
