"""The catalogue's public resources as JSON: only what the public pages show.

Lists carry plain text only (rich text costs a query per item to expand its
links); an item's rich text (an activity's description, a service path's
steps, a partner's description) is in its detail. Names of terms and labels
are in the request's language (``Accept-Language``); taxonomy resources
also give each name in Finnish, Swedish and English.
"""

from __future__ import annotations

from urllib.parse import urljoin

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wagtail_hyte.activities.extensions import activity_badges
from wagtail_hyte.activities.models import (
    AccessibilityFeature,
    ActivityLeader,
    ActivityLocation,
    ActivityMeeting,
    ActivityPage,
    ServicePathPage,
    TargetGroup,
    Theme,
    WeeklyTime,
)
from wagtail_hyte.activities.templatetags.hyte_catalogue import page_language
from wagtail_hyte.activities.views import calendar_url
from wagtail_hyte.core.models import Municipality
from wagtail_hyte.partners.models import Partner
from wagtail_hyte.referrals.figures import usual_contact_days

from . import body

REFERRAL_BADGE = "referral"  # the key of the catalogue's "Referral possible" badge
CALENDAR_HELP = _("The coming meetings as an iCalendar file; null when there are none.")
NULLABLE_URI = {"type": "string", "format": "uri", "nullable": True}


@extend_schema_field(NULLABLE_URI)
class OptionalURLField(serializers.CharField):
    """A web address, or null where there is none (a blank field is not a URI)."""

    def to_representation(self, value):
        return value or None


@extend_schema_field({"type": "string", "format": "email", "nullable": True})
class OptionalEmailField(serializers.CharField):
    """An email address, or null where there is none."""

    def to_representation(self, value):
        return value or None


class ReadOnlyModelSerializer(serializers.ModelSerializer):
    """Every field read-only: the catalogue resources are only read."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


# --- what the resources refer to ---------------------------------------------------


class TermRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class MunicipalityRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class PartnerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class PageRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    url = serializers.URLField(read_only=True, allow_null=True)


class PageSerializer(ReadOnlyModelSerializer):
    """What every public page has: its address and the language of its content."""

    url = serializers.SerializerMethodField(help_text=_("The public page."))
    content_language = serializers.SerializerMethodField(
        help_text=_(
            "The language of the page's content (e.g. fi), which may differ from the "
            "language of the labels."
        )
    )

    class Meta:
        extra_kwargs = {
            "slug": {"help_text": _("The last part of the page's address.")},
            "title": {"help_text": ""},
        }

    @extend_schema_field(NULLABLE_URI)
    def get_url(self, page) -> str | None:
        return page.get_full_url(self.context.get("request"))

    def get_content_language(self, page) -> str:
        return page_language(page)


# --- taxonomies and partners -------------------------------------------------------------


class TermSerializer(ReadOnlyModelSerializer):
    name = serializers.CharField(read_only=True, help_text=_("In the request's language."))

    class Meta:
        fields = ["slug", "name", "name_fi", "name_sv", "name_en"]


class ThemeSerializer(TermSerializer):
    class Meta(TermSerializer.Meta):
        model = Theme


class TargetGroupSerializer(TermSerializer):
    class Meta(TermSerializer.Meta):
        model = TargetGroup


class AccessibilityFeatureSerializer(TermSerializer):
    class Meta(TermSerializer.Meta):
        model = AccessibilityFeature


class MunicipalitySerializer(ReadOnlyModelSerializer):
    name = serializers.CharField(read_only=True, help_text=_("In the request's language."))

    class Meta:
        model = Municipality
        fields = ["code", "name", "name_fi", "name_sv", "region", "welfare_area"]


class PartnerSerializer(ReadOnlyModelSerializer):
    """A partner as its public profile shows it."""

    municipalities = MunicipalityRefSerializer(many=True, read_only=True)
    website = OptionalURLField(read_only=True)
    email = OptionalEmailField(read_only=True)

    class Meta:
        model = Partner
        fields = ["id", "slug", "name", "kind", "website", "email", "phone", "municipalities"]


class PartnerDetailSerializer(PartnerSerializer):
    description = serializers.SerializerMethodField(help_text=_("HTML."))
    activities = PageRefSerializer(
        source="current_activities",
        many=True,
        read_only=True,
        help_text=_("The partner's current activities in the catalogue."),
    )

    class Meta(PartnerSerializer.Meta):
        fields = [*PartnerSerializer.Meta.fields, "description", "activities"]

    def get_description(self, partner) -> str:
        return body.html(partner.description)


# --- activities ----------------------------------------------------------------------------


class NextOccurrenceSerializer(serializers.Serializer):
    date = serializers.DateField(read_only=True)
    start_time = serializers.TimeField(read_only=True, allow_null=True)


class BadgeSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)


class ReferralSignalSerializer(serializers.Serializer):
    possible = serializers.BooleanField(
        read_only=True,
        help_text=_("A professional can refer a client to this activity now."),
    )
    usual_contact_days = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "The organiser usually contacts a referred client within this many days "
            "(only when there are enough referrals to say)."
        ),
    )


def activity_context(pages, request) -> dict:
    """The serializer context for ``pages``: the catalogue's badges for them (the
    page's own ``activity_badges`` hook, as the public sees them) and the
    "usually contacts within N days" of the organisers that can take a referral."""
    pages = list(pages)
    badges = activity_badges(pages, request)
    referable = {
        page.pk for page in pages if any(b.key == REFERRAL_BADGE for b in badges.get(page.pk, ()))
    }
    usual = usual_contact_days(page.organiser_id for page in pages if page.pk in referable)
    return {"request": request, "badges": badges, "referable": referable, "usual": usual}


class ActivitySerializer(PageSerializer):
    """An activity as a listing card shows it, with its facts."""

    organiser = PartnerRefSerializer(read_only=True)
    themes = TermRefSerializer(many=True, read_only=True)
    target_groups = TermRefSerializer(many=True, read_only=True)
    municipalities = MunicipalityRefSerializer(many=True, read_only=True)
    next_occurrence = serializers.SerializerMethodField(
        help_text=_("The next meeting that has not started yet.")
    )
    languages = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("Language codes (ISO 639-1; fi-x-selko: plain Finnish)."),
    )
    referral = serializers.SerializerMethodField()
    badges = serializers.SerializerMethodField(
        help_text=_("The labels the catalogue shows on the activity, with their explanations.")
    )

    class Meta(PageSerializer.Meta):
        model = ActivityPage
        fields = [
            "id",
            "slug",
            "title",
            "url",
            "content_language",
            "summary",
            "plain_summary",
            "organiser",
            "themes",
            "target_groups",
            "municipalities",
            "min_age",
            "max_age",
            "format",
            "cost_type",
            "languages",
            "status",
            "next_date",
            "next_occurrence",
            "referral",
            "badges",
            "last_published_at",
        ]

    @extend_schema_field(NextOccurrenceSerializer(allow_null=True))
    def get_next_occurrence(self, page):
        found = getattr(page, "next_occurrence", None)
        if not found:
            return None
        return NextOccurrenceSerializer({"date": found[0], "start_time": found[1]}).data

    @extend_schema_field(ReferralSignalSerializer)
    def get_referral(self, page):
        possible = page.pk in self.context.get("referable", ())
        days = self.context.get("usual", {}).get(page.organiser_id) if possible else None
        return {"possible": possible, "usual_contact_days": days}

    @extend_schema_field(BadgeSerializer(many=True))
    def get_badges(self, page):
        return BadgeSerializer(self.context.get("badges", {}).get(page.pk, []), many=True).data


class WeeklyTimeSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = WeeklyTime
        fields = ["weekday", "start_time", "end_time"]


class MeetingSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = ActivityMeeting
        fields = ["date", "start_time", "end_time", "note"]


class LeaderSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = ActivityLeader
        fields = ["role", "title", "organisation", "organisation_kind"]


class LocationSerializer(ReadOnlyModelSerializer):
    municipality = MunicipalityRefSerializer(read_only=True)
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = ActivityLocation
        fields = ["name", "street_address", "postal_code", "municipality", "latitude", "longitude"]


class ImageSerializer(serializers.Serializer):
    url = serializers.CharField(read_only=True)
    width = serializers.IntegerField(read_only=True)
    height = serializers.IntegerField(read_only=True)
    alt = serializers.CharField(read_only=True)


class BodyBlockSerializer(serializers.Serializer):
    type = serializers.CharField(
        read_only=True, help_text=_("text, image, document, embed or quote.")
    )
    value = serializers.JSONField(
        read_only=True,
        help_text=_(
            "text: HTML; image: url, width, height and alt; document: url, title, label "
            "and file_extension; embed: the media's address; quote: text and attribution."
        ),
    )


class ActivityDetailSerializer(ActivitySerializer):
    """Everything the public activity page shows."""

    catalogue = serializers.SerializerMethodField(help_text=_("The catalogue it is in."))
    image = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField(help_text=_("The description, block by block."))
    accessibility_features = TermRefSerializer(many=True, read_only=True)
    weekly_times = WeeklyTimeSerializer(many=True, read_only=True)
    meetings = MeetingSerializer(many=True, read_only=True)
    leaders = LeaderSerializer(many=True, read_only=True)
    locations = LocationSerializer(many=True, read_only=True)
    has_ended = serializers.SerializerMethodField()
    calendar_url = serializers.SerializerMethodField(help_text=CALENDAR_HELP)
    registration_url = OptionalURLField(read_only=True)
    registration_email = OptionalEmailField(read_only=True)
    contact_email = OptionalEmailField(read_only=True)

    class Meta(ActivitySerializer.Meta):
        fields = [
            *ActivitySerializer.Meta.fields,
            "catalogue",
            "image",
            "body",
            "online_note",
            "schedule_type",
            "schedule_note",
            "meeting_count",
            "weekly_times",
            "meetings",
            "group_size_min",
            "group_size_max",
            "leaders",
            "locations",
            "cost_description",
            "accessibility_features",
            "accessibility_note",
            "registration_required",
            "registration_url",
            "registration_phone",
            "registration_email",
            "registration_note",
            "contact_title",
            "contact_phone",
            "contact_email",
            "valid_from",
            "valid_until",
            "has_ended",
            "calendar_url",
            "first_published_at",
        ]

    @extend_schema_field(PageRefSerializer)
    def get_catalogue(self, page):
        parent = page.get_parent()
        request = self.context.get("request")
        return {"id": parent.pk, "title": parent.title, "url": parent.get_full_url(request)}

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, page):
        return body.image(page.image, page.image_alt) if page.image else None

    @extend_schema_field(BodyBlockSerializer(many=True))
    def get_body(self, page):
        return body.body(page.body)

    def get_has_ended(self, page) -> bool:
        return page.has_ended()

    @extend_schema_field({**NULLABLE_URI, "description": CALENDAR_HELP})
    def get_calendar_url(self, page) -> str | None:
        request = self.context.get("request")
        url = calendar_url(page, request)
        # As absolute as the page's own address (on the page's site, not the API's host).
        return urljoin(page.get_full_url(request) or "", url) if url else None


# --- service paths -------------------------------------------------------------------------


class ServicePathSerializer(PageSerializer):
    step_count = serializers.SerializerMethodField()

    class Meta(PageSerializer.Meta):
        model = ServicePathPage
        fields = [
            "id",
            "slug",
            "title",
            "url",
            "content_language",
            "plain_intro",
            "step_count",
            "last_published_at",
        ]

    def get_step_count(self, page) -> int:
        return len(page.steps.raw_data)


class StepLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    url = serializers.URLField(read_only=True, allow_null=True)


class StepSerializer(serializers.Serializer):
    title = serializers.CharField(read_only=True)
    who = serializers.CharField(read_only=True, help_text=_("Who helps: a role or organisation."))
    client_action = serializers.CharField(read_only=True, help_text=_("What you do (HTML)."))
    next_step = serializers.CharField(read_only=True, help_text=_("What happens next (HTML)."))
    plain_language = serializers.CharField(read_only=True)
    links = StepLinkSerializer(many=True, read_only=True)


class ServicePathDetailSerializer(ServicePathSerializer):
    intro = serializers.SerializerMethodField(help_text=_("HTML."))
    steps = serializers.SerializerMethodField()

    class Meta(ServicePathSerializer.Meta):
        fields = [*ServicePathSerializer.Meta.fields, "intro", "steps"]

    def get_intro(self, page) -> str:
        return body.html(page.intro)

    @extend_schema_field(StepSerializer(many=True))
    def get_steps(self, page):
        return body.steps(page.steps, self.context.get("request"))
