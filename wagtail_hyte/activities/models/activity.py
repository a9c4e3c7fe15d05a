"""The activity page and its inline parts (locations, meetings, weekly times, leaders)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from wagtail_hyte.core.phone import normalise_phone
from wagtail_hyte.core.widgets import GroupedMunicipalitySelect, MunicipalityPicker

from .. import validation, views
from ..blocks import ActivityBodyBlock
from ..choices import (
    ACTIVITY_LANGUAGES,
    ActivityFormat,
    ActivityStatus,
    CostType,
    LeaderOrganisationKind,
    LeaderRole,
    ScheduleType,
    Weekday,
)
from ..extensions import activity_actions, activity_badges, base_template
from ..fields import ChoiceListField
from ..geocoding import fill_missing_coordinates
from ..widgets import CoordinatesLookupInput
from .facets import label_for
from .taxonomy import AccessibilityFeature, TargetGroup, Theme

postal_code_validator = RegexValidator(r"^\d{5}$", _("Enter a five-digit postal code."))

# "Current" and "ended", the one definition: in SQL (``current_q``, ``ended_q``,
# the ``ActivityPage.objects`` methods) and in Python (``has_ended``), both
# built from these fields. An empty date never starts or ends an activity.
START_DATE_FIELDS = ("valid_from",)  # not started while a date is after today
END_DATE_FIELDS = ("valid_until", "last_date")  # over once a date is before today


def current_q(today: date) -> Q:
    """Active, inside the validity period, and not past the last meeting."""
    q = Q(status=ActivityStatus.ACTIVE)
    for name in START_DATE_FIELDS:
        q &= Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__lte": today})
    for name in END_DATE_FIELDS:
        q &= Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": today})
    return q


def ended_q(today: date) -> Q:
    """Marked ended, past its validity, or past its last meeting."""
    q = Q(status=ActivityStatus.ENDED)
    for name in END_DATE_FIELDS:
        q |= Q(**{f"{name}__lt": today})
    return q


def has_ended(page, today: date) -> bool:
    """``ended_q`` for one activity in memory."""
    return page.status == ActivityStatus.ENDED or any(
        getattr(page, name) is not None and getattr(page, name) < today for name in END_DATE_FIELDS
    )


class ActivityPageQuerySet(PageQuerySet):
    def current(self, today: date):
        return self.filter(current_q(today))

    def ended(self, today: date):
        return self.filter(ended_q(today))


class ActivityPageForm(WagtailAdminPageForm):
    """Cross-checks the inline meetings and weekly times, which the model cannot see yet.

    Its script shows only the schedule section of the chosen kind (weekly
    times, or meeting dates); without JavaScript both are shown."""

    class Media:
        js = ["wagtail_hyte/activities/schedule_sections.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_organisers()

    def _limit_organisers(self):
        """Partner staff editing as the organiser's staff choose only among the
        partners they work for: a page never moves to another partner."""
        field = self.fields.get("organiser")
        user = self.for_user
        if field is None or user is None or self.instance.pk is None:
            return
        tester = self.instance.permissions_for_user(user)
        if "change" not in getattr(tester, "organiser_permissions", ()):
            return
        from ..page_permissions import organiser_ids

        field.queryset = field.queryset.filter(pk__in=organiser_ids(user))
        field.widget = forms.Select(choices=field.choices)

    def clean(self):
        cleaned = super().clean()
        fill_missing_coordinates(self.formsets.get("locations"))
        meetings = self._inline_rows("meetings", ("date", "start_time", "end_time"))
        slots = self._inline_rows("weekly_times", ("weekday", "start_time", "end_time"))
        if meetings is None or slots is None:
            return cleaned
        messages = validation.check_meetings(meetings) + validation.check_slots(slots)
        schedule_type = cleaned.get("schedule_type")
        if schedule_type:
            messages += validation.check_schedule(schedule_type, len(meetings), len(slots))
        for message in messages:
            self.add_error(None, message)
        return cleaned

    def _inline_rows(self, name, fields):
        formset = self.formsets.get(name)
        if formset is None:
            return []
        if not formset.is_valid():
            return None
        rows = []
        for form in formset.ordered_forms if formset.can_order else formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            rows.append(tuple(data.get(f) for f in fields))
        return rows


class ActivityPage(RoutablePageMixin, Page):
    """One wellbeing activity (toiminta) in the catalogue.

    ``calendar/`` serves its coming meetings as an ``.ics`` file
    (``wagtail_hyte.activities.views.activity_calendar``).
    """

    organiser = models.ForeignKey(
        "wagtail_hyte_partners.Partner",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="activity_pages",
    )
    summary = models.TextField(
        _("summary"),
        max_length=500,
        help_text=_("Two or three sentences shown in search results."),
    )
    plain_summary = models.TextField(
        _("plain-language summary"),
        blank=True,
        max_length=1000,
        help_text=_("The summary in selkokieli: short sentences, everyday words."),
    )
    body = StreamField(ActivityBodyBlock(), verbose_name=_("description"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of the activity page. No photos of identifiable clients."),
    )
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )

    themes = ParentalManyToManyField(Theme, verbose_name=_("themes"), related_name="activities")
    target_groups = ParentalManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="activities", blank=True
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    municipalities = ParentalManyToManyField(
        "wagtail_hyte_core.Municipality",
        verbose_name=_("municipalities"),
        related_name="activity_pages",
        help_text=_("Where residents can take part (for online activities: who it is for)."),
    )

    format = models.CharField(
        _("format"),
        max_length=10,
        choices=ActivityFormat.choices,
        default=ActivityFormat.IN_PERSON,
    )
    online_note = models.CharField(
        _("how to join online"),
        max_length=300,
        blank=True,
        help_text=_("E.g. 'Teams link sent after registration'."),
    )

    schedule_type = models.CharField(
        _("schedule"), max_length=10, choices=ScheduleType.choices, default=ScheduleType.WEEKLY
    )
    schedule_note = models.CharField(
        _("schedule note"),
        max_length=300,
        blank=True,
        help_text=_("E.g. 'No meetings during school holidays'."),
    )
    meeting_count = models.PositiveSmallIntegerField(
        _("number of meetings"),
        null=True,
        blank=True,
        help_text=_("For series: how many meetings in total, even if dates are not all set."),
    )
    group_size_min = models.PositiveSmallIntegerField(
        _("minimum group size"), null=True, blank=True
    )
    group_size_max = models.PositiveSmallIntegerField(
        _("maximum group size"), null=True, blank=True
    )

    cost_type = models.CharField(
        _("cost"), max_length=5, choices=CostType.choices, default=CostType.FREE
    )
    cost_description = models.CharField(
        _("cost details"),
        max_length=300,
        blank=True,
        help_text=_("E.g. '5 € per time, free with a municipal exercise card'."),
    )
    languages = ChoiceListField(_("languages"), choices_list=ACTIVITY_LANGUAGES, blank=True)
    accessibility_features = ParentalManyToManyField(
        AccessibilityFeature,
        verbose_name=_("accessibility features"),
        related_name="activities",
        blank=True,
    )
    accessibility_note = models.TextField(_("accessibility details"), blank=True)

    registration_required = models.BooleanField(_("registration required"), default=False)
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_phone = models.CharField(_("registration phone"), max_length=40, blank=True)
    registration_email = models.EmailField(_("registration email"), blank=True)
    registration_note = models.CharField(_("registration details"), max_length=300, blank=True)

    contact_title = models.CharField(
        _("contact (role or service)"),
        max_length=200,
        blank=True,
        help_text=_("A role or service, e.g. 'Exercise counselling'; no private persons."),
    )
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ActivityStatus.choices,
        default=ActivityStatus.ACTIVE,
        db_index=True,
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    # Derived data, written by ``wagtail_hyte.activities.denormalise`` after
    # every full save and refreshed daily by ``manage.py hyte_refresh_activities``.
    # Not edited by hand.
    next_date = models.DateField(_("next date"), null=True, blank=True, editable=False)
    last_date = models.DateField(_("last date"), null=True, blank=True, editable=False)
    # Municipality and theme names for listing cards, {facet: [[fi, sv, en], ...]}.
    listing_labels = models.JSONField(_("listing labels"), default=dict, editable=False)

    objects = PageManager.from_queryset(ActivityPageQuerySet)()

    base_form_class = ActivityPageForm
    parent_page_types = ["wagtail_hyte_activities.ActivityIndexPage"]
    subpage_types: list[str] = []
    template = "wagtail_hyte/activities/activity_page.html"

    # Indexed by ``denormalise.refresh_activity`` from the page in memory, after
    # every full save: Wagtail's own post_save indexing reads the database before
    # the page's themes, target groups and municipalities are written.
    search_auto_update = False
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("plain_summary"),
        index.SearchField("body"),
        index.SearchField("cost_description"),
        index.RelatedFields("organiser", [index.SearchField("name")]),
        index.RelatedFields(
            "themes",
            [
                index.SearchField("name_fi"),
                index.SearchField("name_sv"),
                index.SearchField("name_en"),
            ],
        ),
        index.RelatedFields(
            "target_groups",
            [
                index.SearchField("name_fi"),
                index.SearchField("name_sv"),
                index.SearchField("name_en"),
            ],
        ),
        index.RelatedFields(
            "municipalities", [index.SearchField("name_fi"), index.SearchField("name_sv")]
        ),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("organiser"),
        FieldPanel("summary"),
        FieldPanel("plain_summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")]),
            ],
            heading=_("Themes and target groups"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
            ],
            heading=_("Status and validity"),
        ),
    ]
    practical_panels = [
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldPanel("online_note"),
                FieldPanel("municipalities", widget=MunicipalityPicker),
            ],
            heading=_("Where"),
        ),
        InlinePanel("locations", label=_("Locations")),
        MultiFieldPanel(
            [
                FieldPanel("schedule_type"),
                FieldPanel("schedule_note"),
                FieldPanel("meeting_count"),
                FieldRowPanel([FieldPanel("group_size_min"), FieldPanel("group_size_max")]),
            ],
            heading=_("Schedule and group"),
        ),
        InlinePanel(
            "weekly_times",
            label=_("Weekly times (recurring weekly)"),
            classname="hyte-schedule-section",
            attrs={"data-hyte-schedule-for": "weekly"},
        ),
        InlinePanel(
            "meetings",
            label=_("Meeting dates (one-off or series)"),
            classname="hyte-schedule-section",
            attrs={"data-hyte-schedule-for": "one_off series"},
        ),
        InlinePanel("leaders", label=_("Who leads it and visiting experts")),
        MultiFieldPanel(
            [FieldPanel("cost_type"), FieldPanel("cost_description"), FieldPanel("languages")],
            heading=_("Cost and languages"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("accessibility_features", widget=forms.CheckboxSelectMultiple),
                FieldPanel("accessibility_note"),
            ],
            heading=_("Accessibility"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_required"),
                FieldPanel("registration_url"),
                FieldRowPanel([FieldPanel("registration_phone"), FieldPanel("registration_email")]),
                FieldPanel("registration_note"),
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_title"),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
            ],
            heading=_("Contact"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(practical_panels, heading=_("Practical details")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    class Meta:
        verbose_name = _("activity page")
        verbose_name_plural = _("activity pages")
        indexes = [
            models.Index(
                fields=["status", "valid_from", "valid_until"], name="hyte_activity_valid"
            ),
            models.Index(fields=["next_date"], name="hyte_activity_next"),
        ]
        permissions = [
            (
                "edit_own_activity_pages",
                "Can edit the activity pages of the partners they work for",
            )
        ]

    def permissions_for_user(self, user):
        """Wagtail's page permissions, plus what the organiser's own staff may do
        (``wagtail_hyte.activities.page_permissions``)."""
        from ..page_permissions import OrganiserPagePermissionTester

        return OrganiserPagePermissionTester(user, self)

    # --- rules -----------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        errors.update(validation.check_age_range(self.min_age, self.max_age))
        errors.update(validation.check_group_size(self.group_size_min, self.group_size_max))
        errors.update(validation.check_validity(self.valid_from, self.valid_until))
        errors.update(
            validation.check_registration(
                self.registration_required,
                self.registration_url,
                self.registration_phone,
                self.registration_email,
            )
        )
        if self.image_id and not (self.image_alt or "").strip():
            errors["image_alt"] = _("Describe the image for people who cannot see it.")
        for field in ("registration_phone", "contact_phone"):
            value = getattr(self, field)
            if value:
                try:
                    setattr(self, field, normalise_phone(value, field=field))
                except ValidationError as exc:
                    errors.setdefault(field, exc.messages[0])
        if errors:
            raise ValidationError(errors)

    def clean_schedule(self):
        """Check meetings and weekly times as they are on this object.

        The admin form checks its inline rows itself (the model cannot see them
        before saving); imports, commands and services call this.
        """
        meetings = [(m.date, m.start_time, m.end_time) for m in self.meetings.all()]
        slots = [(s.weekday, s.start_time, s.end_time) for s in self.weekly_times.all()]
        messages = (
            validation.check_meetings(meetings)
            + validation.check_slots(slots)
            + validation.check_schedule(self.schedule_type, len(meetings), len(slots))
        )
        if messages:
            raise ValidationError(messages)

    @property
    def card_labels(self) -> dict[str, list[str]]:
        return {
            facet: [label_for(*labels) for labels in items]
            for facet, items in (self.listing_labels or {}).items()
        }

    # --- state -----------------------------------------------------------

    def has_ended(self, today: date | None = None) -> bool:
        return has_ended(self, today or timezone.localdate())

    def language_labels(self) -> list[str]:
        return self._meta.get_field("languages").value_labels(self.languages)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["hyte_base_template"] = base_template()
        context["today"] = timezone.localdate()
        context["badges"] = activity_badges([self], request).get(self.pk, [])
        context["actions"] = activity_actions(self, request)
        context["calendar_url"] = views.calendar_url(self, request)
        index_page = self.get_parent().specific
        context["index_page"] = index_page
        context["organiser_url"] = (
            index_page.partner_url(self.organiser, request)
            if hasattr(index_page, "partner_url")
            else ""
        )
        return context

    @path("calendar/")
    def ics_calendar(self, request):
        return views.activity_calendar(request, self)

    def serve(self, request, view=None, args=None, kwargs=None):
        response = super().serve(request, view, args, kwargs)
        is_page = view is None or getattr(view, "__name__", "") == "index_route"
        if is_page and not getattr(request, "is_preview", False) and response.status_code == 200:
            from ..counters import record_activity_view

            record_activity_view(self)
        return response


class ActivityLocation(Orderable):
    page = ParentalKey(ActivityPage, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("place"), max_length=200, help_text=_("E.g. 'Library, hall 2'."))
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=5, blank=True, validators=[postal_code_validator]
    )
    municipality = models.ForeignKey(
        "wagtail_hyte_core.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_(
            "Left empty, the coordinates are filled from the address when the site "
            "has an address service."
        ),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("street_address"), FieldPanel("postal_code")]),
        FieldPanel("municipality", widget=GroupedMunicipalitySelect),
        FieldRowPanel(
            [FieldPanel("latitude", widget=CoordinatesLookupInput), FieldPanel("longitude")]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))


class ActivityMeeting(Orderable):
    page = ParentalKey(ActivityPage, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"), null=True, blank=True)
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.date:%d.%m.%Y}"


class WeeklyTime(Orderable):
    page = ParentalKey(ActivityPage, on_delete=models.CASCADE, related_name="weekly_times")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("start_time"), FieldPanel("end_time")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("weekly time")
        verbose_name_plural = _("weekly times")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start_time:%H.%M}"


class ActivityLeader(Orderable):
    """A role and organisation that leads the activity or visits it: never a private person."""

    page = ParentalKey(ActivityPage, on_delete=models.CASCADE, related_name="leaders")
    role = models.CharField(
        _("part"), max_length=20, choices=LeaderRole.choices, default=LeaderRole.LEADER
    )
    title = models.CharField(
        _("role"),
        max_length=200,
        help_text=_("E.g. 'physiotherapist', 'exercise counsellor'."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_kind = models.CharField(
        _("kind of organisation"),
        max_length=20,
        choices=LeaderOrganisationKind.choices,
        default=LeaderOrganisationKind.ASSOCIATION,
    )

    panels = [
        FieldRowPanel([FieldPanel("role"), FieldPanel("title")]),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("organisation_kind")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("leader or expert")
        verbose_name_plural = _("leaders and experts")

    def __str__(self):
        return self.title
