"""What the recommendation endpoints take and give. The types only: the rules are
``recommendations.forms.RecommendForm``'s and ``recommendations.services``'.
The client's phone number and email address are taken, never given back."""

from __future__ import annotations

from rest_framework import serializers

from wagtail_hyte.api.v1.catalogue.pages import MAX_ID


class PreviewRequestSerializer(serializers.Serializer):
    """The admin's recommendation form (``RecommendForm``) without the recipient."""

    activities = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), allow_empty=True
    )
    channel = serializers.CharField(allow_blank=True)
    language = serializers.CharField(allow_blank=True)
    plain = serializers.BooleanField(required=False)


class RecommendationRequestSerializer(PreviewRequestSerializer):
    """``RecommendForm``: the recipient for the one send, never stored or echoed."""

    phone = serializers.CharField(required=False, allow_blank=True)
    email = serializers.CharField(required=False, allow_blank=True)


class RecommendedActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()


class RecommendationSerializer(serializers.Serializer):
    """``services.RecommendationResult`` without the recipient: ``status`` is the
    delivery's (sent, retrying, failed) or "ready" for a printout, whose page
    (and PDF) the professional opens in the admin (``print_url``, ``pdf_url``)."""

    channel = serializers.CharField()
    status = serializers.CharField()
    activities = RecommendedActivitySerializer(many=True)
    delivery = serializers.CharField(source="delivery_id", allow_null=True)
    problem = serializers.CharField(allow_blank=True)
    print_url = serializers.CharField(allow_null=True)
    pdf_url = serializers.CharField(allow_null=True)


class PreviewSerializer(serializers.Serializer):
    """``services.preview``: a text message's text and segments, an email's subject,
    text and HTML; nothing for a printout (its preview is the print page)."""

    text = serializers.CharField(required=False)
    segments = serializers.IntegerField(required=False)
    subject = serializers.CharField(required=False)
    html = serializers.CharField(required=False)
