"""What the referral endpoints take and give.

The request serializers only say the types (for the OpenAPI schema and a 400 on
a wrong type); every rule is the admin forms' and the services': the view
hands the values to ``referrals.forms`` and ``referrals.services`` as the
admin does. The response serializers hold no personal data, except
``ContactDetailsSerializer``, the answer of the ledgered reveal alone.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wagtail_hyte.api.base import MAX_ID
from wagtail_hyte.api.v1.schema import ErrorBodySerializer
from wagtail_hyte.referrals.models import (
    CancellationReason,
    ContactAttempt,
    Referral,
    ReferralStatus,
)


def text(**kwargs):
    return serializers.CharField(required=False, allow_blank=True, **kwargs)


def an_id(**kwargs):
    """A database id (bounded, so that no lookup can overflow a 64-bit column)."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class ReferralCreateSerializer(serializers.Serializer):
    """The admin referral form's fields (``ContactForm``, ``ConsentForm``,
    ``ClientChoiceForm``), in one request."""

    activity = an_id()
    # The client's contact details (referrals.forms.ContactForm).
    name = text()
    phone = text()
    email = text()
    contact_method = text()
    contact_time = text()
    language = text()
    note = text()
    # The consent (referrals.forms.ConsentForm): the notice shown to the client.
    notice_id = an_id(required=False, allow_null=True)
    notice_sha256 = text()
    collection_method = text()
    confirmed = serializers.BooleanField(required=False)
    send_confirmation = serializers.BooleanField(required=False)
    feedback_requested = serializers.BooleanField(required=False)
    # The client record (referrals.forms.ClientChoiceForm), after a 409 client choice.
    client = text()
    nonce = text()


class OutcomeRequestSerializer(serializers.Serializer):
    """``referrals.forms.OutcomeForm``."""

    outcome = text()
    reason = text()
    note = text()


class ContactAttemptRequestSerializer(serializers.Serializer):
    """``referrals.forms.ContactAttemptForm``."""

    method = text()
    result = text()


class WithdrawRequestSerializer(serializers.Serializer):
    """``referrals.forms.WithdrawForm``."""

    method = text()


class ReferralPartnerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class ReferralActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice the model keeps as "" when there is none: null in the API."""

    def to_representation(self, value):
        return None if value in ("", None) else super().to_representation(value)


class ReferralSerializer(serializers.ModelSerializer):
    """A referral without the client: what the admin listings show, and the dates."""

    id = serializers.UUIDField(source="reference", read_only=True)
    short_reference = serializers.CharField(read_only=True)
    activity = ReferralActivitySerializer(read_only=True)
    partner = ReferralPartnerSerializer(read_only=True)
    status = serializers.ChoiceField(choices=ReferralStatus.choices, read_only=True)
    cancellation_reason = BlankAsNullChoiceField(
        choices=CancellationReason.choices,
        read_only=True,
        allow_null=True,
        help_text=_("Why the referral was cancelled; null unless it was."),
    )
    overdue = serializers.BooleanField(read_only=True)
    closed_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "short_reference",
            "activity",
            "partner",
            "agreement",
            "status",
            "cancellation_reason",
            "overdue",
            "sent_at",
            "due_date",
            "accepted_at",
            "first_action_at",
            "succeeded_at",
            "cancelled_at",
            "withdrawn_at",
            "closed_at",
        ]
        read_only_fields = fields


class ContactAttemptSerializer(serializers.ModelSerializer):
    """An attempt to reach the client: codes and a time only."""

    class Meta:
        model = ContactAttempt
        fields = ["at", "method", "result"]
        read_only_fields = fields


class ReferralDetailSerializer(ReferralSerializer):
    """One referral. ``contact_attempts`` as the partner's referral page lists them
    to whoever opens it from the inbox; null for the others."""

    contact_attempts = serializers.SerializerMethodField()

    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "contact_attempts"]
        read_only_fields = fields

    @extend_schema_field(ContactAttemptSerializer(many=True, allow_null=True))
    def get_contact_attempts(self, referral):
        if not self.context.get("inbox"):
            return None
        return ContactAttemptSerializer(referral.contact_attempts.all(), many=True).data


class ReferralCreatedSerializer(ReferralDetailSerializer):
    """The new referral, and what the admin would have told its maker (a lookup
    that was rate-limited, a notification that could not be sent)."""

    warnings = serializers.SerializerMethodField()

    class Meta(ReferralDetailSerializer.Meta):
        fields = [*ReferralDetailSerializer.Meta.fields, "warnings"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, referral):
        return [str(message) for message in self.context.get("warnings", ())]


class ContactDetailsSerializer(serializers.Serializer):
    """The client's contact details: only the answer of ``reveal`` (ledgered)."""

    name = serializers.CharField()
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    contact_method = serializers.CharField(allow_blank=True)
    contact_time = serializers.CharField(allow_blank=True)
    language = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)


class ConsentNoticeSerializer(serializers.Serializer):
    """The consent notice to show the client, and what the referral sends back."""

    notice_id = serializers.IntegerField(source="pk")
    notice_sha256 = serializers.CharField(source="text_sha256")
    key = serializers.CharField()
    version = serializers.IntegerField()
    language = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField()


class ClientOptionSerializer(serializers.Serializer):
    client = serializers.CharField()
    label = serializers.CharField()


class ClientChoiceSerializer(serializers.Serializer):
    """The earlier clients to choose from ("new" first), bound to ``nonce``."""

    nonce = serializers.CharField()
    options = ClientOptionSerializer(many=True)


class ClientChoiceErrorSerializer(serializers.Serializer):
    """The body of a 409 ``client_choice_required``: the error and the choice."""

    error = ErrorBodySerializer()
    client_choice = ClientChoiceSerializer()
