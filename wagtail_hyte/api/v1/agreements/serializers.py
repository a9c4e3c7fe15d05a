"""Partner agreements as the API shows them: the agreement admin's fields and
this period's quota use (``agreements.services.quota_status``), nothing more."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wagtail_hyte.agreements.models import AgreementStatus, PartnerAgreement


class AgreementPartnerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class CoveredActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()


class QuotaUseSerializer(serializers.Serializer):
    """This period's quota use (``agreements.services.QuotaStatus``)."""

    period_start = serializers.DateField(source="period.first_day")
    period_end = serializers.DateField(source="period.last_day", allow_null=True)
    quota = serializers.IntegerField()
    used = serializers.IntegerField()
    remaining = serializers.IntegerField()
    full = serializers.BooleanField()
    percent_used = serializers.IntegerField()


class AgreementSerializer(serializers.ModelSerializer):
    """An agreement in a list. ``quota_this_period`` is null unless the agreement is
    active, as in the admin's listing; the statuses come in the context
    (``quota``: ``{agreement id: QuotaStatus}``, one query for a page)."""

    partner = AgreementPartnerSerializer()
    activities = serializers.SerializerMethodField()
    quota_this_period = serializers.SerializerMethodField()

    class Meta:
        model = PartnerAgreement
        fields = [
            "id",
            "reference_number",
            "title",
            "partner",
            "status",
            "valid_from",
            "valid_to",
            "covers_all_activities",
            "activities",
            "quota",
            "quota_period",
            "contact_days",
            "quota_this_period",
        ]

    @extend_schema_field(CoveredActivitySerializer(many=True))
    def get_activities(self, agreement):
        """The chosen covered activities (empty when it covers all of them)."""
        if agreement.covers_all_activities:
            return []
        return CoveredActivitySerializer(agreement.activities.all(), many=True).data

    @extend_schema_field(QuotaUseSerializer(allow_null=True))
    def get_quota_this_period(self, agreement):
        if agreement.status != AgreementStatus.ACTIVE:
            return None
        status = self.context["quota"].get(agreement.pk)
        return QuotaUseSerializer(status).data if status else None


class AgreementDetailSerializer(AgreementSerializer):
    """One agreement as the admin's inspect view shows it: also its notification
    addresses, notes, whether a signed document is attached and the version in
    force (``agreements.services.current_version``; referrals pin it)."""

    version = serializers.SerializerMethodField()
    has_signed_document = serializers.SerializerMethodField()

    class Meta(AgreementSerializer.Meta):
        fields = [
            *AgreementSerializer.Meta.fields,
            "notification_emails",
            "notes",
            "has_signed_document",
            "version",
        ]

    def get_version(self, agreement) -> int | None:
        version = self.context["version"]
        return version.history_id if version else None

    def get_has_signed_document(self, agreement) -> bool:
        return agreement.signed_document_id is not None
