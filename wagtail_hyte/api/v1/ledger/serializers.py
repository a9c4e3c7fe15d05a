"""The ledger as the auditor views show and export it: references, codes and
digests only (``ledger.export``'s fields), the kind in words, and on an entry's
own page the actor's name and the payload keys' labels (``ledger.display``).
Nothing here decrypts anything or writes to the ledger."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wagtail_hyte.ledger.display import key_label, readable_entry
from wagtail_hyte.ledger.kinds import kind_label


class LedgerEntrySerializer(serializers.Serializer):
    """One entry of a list: exactly the hashed fields (as in the export), and the
    kind in words. The actor is the ledger's own value (``user:12``)."""

    seq = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    kind = serializers.CharField()
    kind_label = serializers.SerializerMethodField()
    actor = serializers.CharField()
    subjects = serializers.ListField(child=serializers.UUIDField(), source="subject_ids")
    payload = serializers.DictField(source="payload_data")
    prev_hash = serializers.CharField()
    hash = serializers.CharField()

    def get_kind_label(self, entry) -> str:
        return str(kind_label(entry.kind))


class ActorSerializer(serializers.Serializer):
    raw = serializers.CharField()
    name = serializers.CharField()
    organisations = serializers.ListField(child=serializers.CharField())


class LedgerEntryDetailSerializer(LedgerEntrySerializer):
    """An entry on its own: as in a list, with the actor's name and partner
    organisations and the payload keys' labels, as the ledger view shows them."""

    actor_details = serializers.SerializerMethodField()
    payload_labels = serializers.SerializerMethodField()

    @extend_schema_field(ActorSerializer)
    def get_actor_details(self, entry) -> dict:
        actor = readable_entry(entry).actor
        return {
            "raw": actor.raw,
            "name": str(actor.name),
            "organisations": [str(name) for name in actor.organisations],
        }

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_payload_labels(self, entry) -> dict:
        return {key: str(key_label(key, entry.kind) or key) for key in entry.payload_data}


class CheckpointSerializer(serializers.Serializer):
    """A signed checkpoint: its size, the head hash it signs and the signed note
    (C2SP format, the signature line included), as the integrity page and the
    export give it. Where copies were sent is not shown (it names addresses)."""

    id = serializers.IntegerField()
    size = serializers.IntegerField()
    root_hash = serializers.CharField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class VerificationRunSerializer(serializers.Serializer):
    started_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField()
    ok = serializers.BooleanField()
    trusted = serializers.BooleanField()
    entries_checked = serializers.IntegerField()
    first_bad_seq = serializers.IntegerField(allow_null=True)
    problem = serializers.CharField(allow_blank=True)
    checkpoints_checked = serializers.IntegerField()
    outside_checkpoints = serializers.IntegerField()
    head_seq = serializers.IntegerField(allow_null=True)
    head_hash = serializers.CharField(allow_blank=True)
    actor = serializers.CharField(allow_blank=True)
    run_by = serializers.CharField()


class CoverageSerializer(serializers.Serializer):
    checked = serializers.IntegerField()
    checked_range = serializers.CharField(allow_blank=True)
    unchecked = serializers.IntegerField()
    unchecked_range = serializers.CharField(allow_blank=True)


class OutsideCheckSerializer(serializers.Serializer):
    configured = serializers.BooleanField()
    ok = serializers.BooleanField()
    checked = serializers.IntegerField()
    first_bad_seq = serializers.IntegerField(allow_null=True)
    problem = serializers.CharField(allow_blank=True)


class ChainSerializer(serializers.Serializer):
    entries = serializers.IntegerField()
    head_hash = serializers.CharField(allow_blank=True)
    origin = serializers.CharField()
    public_key = serializers.CharField(allow_blank=True)


class FailedRunSerializer(serializers.Serializer):
    finished_at = serializers.DateTimeField()
    first_bad_seq = serializers.IntegerField(allow_null=True)
    problem = serializers.CharField(allow_blank=True)


#: ``state``, as the integrity page marks its status (``data-hyte-integrity``).
STATES = ("intact", "partial", "not_intact", "untrusted", "not_verified")


class VerificationStatusSerializer(serializers.Serializer):
    """The integrity page (``ledger.views.integrity.integrity_status``) as data."""

    state = serializers.ChoiceField(choices=STATES)
    intact = serializers.BooleanField()
    complete = serializers.BooleanField()
    head_went_back = serializers.BooleanField()
    last_verification = VerificationRunSerializer(allow_null=True)
    coverage = CoverageSerializer(allow_null=True)
    outside_checkpoints = OutsideCheckSerializer()
    chain = ChainSerializer()
    latest_checkpoint = CheckpointSerializer(allow_null=True)
    recent_failures = FailedRunSerializer(many=True)


def state_of(status: dict) -> str:
    """The page's status mark: a run not signed with our key is not trusted; a
    trusted one is intact (every entry checked), partial or not intact."""
    if status["verification"] is None:
        return "not_verified"
    if not status["run_trusted"]:
        return "untrusted"
    if status["complete"]:
        return "intact"
    return "partial" if status["intact"] else "not_intact"


def status_data(status: dict) -> dict:
    """``integrity_status(user)`` in the shape of :class:`VerificationStatusSerializer`."""
    run, head, outside = status["verification"], status["head"], status["outside"]
    last = None
    if run is not None:
        last = {
            "started_at": run.started_at,
            "finished_at": run.finished_at,
            "ok": run.ok,
            "trusted": status["run_trusted"],
            "entries_checked": run.entries_checked,
            "first_bad_seq": run.first_bad_seq,
            "problem": run.problem,
            "checkpoints_checked": run.checkpoints_checked,
            "outside_checkpoints": run.outside_checkpoints,
            "head_seq": run.head_seq,
            "head_hash": run.head_hash,
            "actor": run.actor,
            "run_by": str(status["run_by"]),
        }
    return {
        "state": state_of(status),
        "intact": status["intact"],
        "complete": bool(status["complete"]),
        "head_went_back": status["head_went_back"],
        "last_verification": last,
        "coverage": status["covered"] or None,
        "outside_checkpoints": {
            "configured": status["outside_configured"],
            "ok": outside.ok,
            "checked": outside.checked,
            "first_bad_seq": outside.first_bad_seq,
            "problem": outside.problem,
        },
        "chain": {
            "entries": head.seq if head else 0,
            "head_hash": head.hash if head else "",
            "origin": status["origin"],
            "public_key": status["public_key"],
        },
        "latest_checkpoint": status["checkpoint"],
        "recent_failures": list(status["failures"]),
    }


class VerifyNowSerializer(serializers.Serializer):
    """What *Verify now* did: ``finished`` (it ran in the request, with its
    result) or ``started`` (queued for a worker); the status as it is now."""

    run = serializers.ChoiceField(choices=("finished", "started"))
    ok = serializers.BooleanField(allow_null=True)
    first_bad_seq = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()
    status = VerificationStatusSerializer()
