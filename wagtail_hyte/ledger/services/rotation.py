"""Key rotation: re-wrap every data key under the current key-encryption key."""

from __future__ import annotations

from django.db import transaction

from .. import kinds
from ..chain import append_entry
from ..crypto import unwrap_data_key, wrap_data_key
from ..keys import get_keyring
from ..models import Subject


def rotate_keys(actor="system:key-rotation", *, batch_size: int = 500, progress=None) -> dict:
    """Re-wrap data keys not under CURRENT_KEY_ID; appends ``key.rotated``.

    Works in batches (one transaction each), so it can run while the site is
    in use and can be resumed. Fails loudly if an old key is missing.
    """
    keyring = get_keyring()
    current, _kek = keyring.current_kek
    stale = Subject.objects.filter(wrapped_key__isnull=False).exclude(kek_id=current)
    rewrapped = 0
    old_ids: set[str] = set()
    while True:
        ids = list(stale.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        with transaction.atomic():
            for subject in Subject.objects.select_for_update().filter(pk__in=ids):
                if subject.kek_id == current or subject.wrapped_key is None:
                    continue
                data_key = unwrap_data_key(
                    keyring, str(subject.pk), subject.kek_id, bytes(subject.wrapped_key)
                )
                old_ids.add(subject.kek_id)
                subject.kek_id, subject.wrapped_key = wrap_data_key(
                    keyring, str(subject.pk), data_key
                )
                subject.save(update_fields=["kek_id", "wrapped_key"])
                rewrapped += 1
        if progress is not None:
            progress(rewrapped)
    with transaction.atomic():
        append_entry(
            kinds.KEY_ROTATED,
            actor,
            [],
            {"to": current, "from": sorted(old_ids), "rewrapped": rewrapped},
        )
    return {"to": current, "from": sorted(old_ids), "rewrapped": rewrapped}
