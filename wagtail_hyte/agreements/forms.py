from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from wagtail_hyte.core.forms import add_service_errors

from . import services

PARTNER_ACTIVITIES_URL_NAME = (
    "wagtailsnippets_wagtail_hyte_agreements_partneragreement:partner_activities"
)


def all_activities():
    from wagtail_hyte.activities.models import ActivityPage

    return ActivityPage.objects.select_related("organiser").order_by("organiser__name", "title")


def partner_activities(partner_id):
    """The activities an agreement of partner ``partner_id`` can cover (the picker's choices)."""
    return all_activities().filter(organiser_id=partner_id)


class CoveredActivitiesWidget(forms.SelectMultiple):
    """The covered-activities picker; its script reloads the options when the partner
    changes. Without the script the server's choices and validation stand alone."""

    class Media:
        js = ["wagtail_hyte/agreements/covered_activities.js"]


class CoveredActivitiesField(forms.ModelMultipleChoiceField):
    """Offers the chosen partner's activities (``queryset``), but accepts any activity,
    so that ``services.validate_coverage`` stays the one rule and its message names
    the activities of another partner (instead of Django's "not a valid choice")."""

    widget = CoveredActivitiesWidget

    def __init__(self, *args, scoped=False, **kwargs):
        self.scoped = scoped
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        if self.scoped:
            return obj.title
        return _("%(title)s (%(organiser)s)") % {"title": obj.title, "organiser": obj.organiser}

    def _check_values(self, value):
        offered = self.queryset
        self.queryset = all_activities()
        try:
            return super()._check_values(value)
        finally:
            self.queryset = offered


class PartnerAgreementForm(WagtailAdminModelForm):
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=100,
        help_text=_("Shown in the version history, e.g. 'Quota raised in the 2027 amendment'."),
    )

    agreement_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            latest = services.current_version(self.instance)
            self.initial["agreement_version"] = latest.history_id if latest else None
        if "activities" in self.fields:
            self.fields["activities"] = self._activities_field(self.fields["activities"])

    def _chosen_partner_id(self):
        """The partner whose activities are offered: the posted one, else the agreement's."""
        if self.is_bound:
            posted = self.data.get(self.add_prefix("partner"))
            if posted and str(posted).isdigit():
                return int(posted)
        return self.instance.partner_id

    def _activities_field(self, original):
        from django.urls import reverse

        partner_id = self._chosen_partner_id()
        field = CoveredActivitiesField(
            queryset=partner_activities(partner_id) if partner_id else all_activities(),
            scoped=bool(partner_id),
            required=original.required,
            label=original.label,
            help_text=_("Only the chosen partner's own activities can be covered."),
        )
        partner_input = self["partner"].auto_id if "partner" in self.fields else ""
        field.widget.attrs.update(
            {
                "data-hyte-partner-activities": reverse(PARTNER_ACTIVITIES_URL_NAME),
                "data-hyte-partner-input": partner_input,
            }
        )
        return field

    def clean(self):
        """Field checks only; the edit view saves through ``services.update_agreement``,
        which validates under the row lock (its errors are mapped to fields)."""
        cleaned = super().clean()
        if not self.instance.pk:
            try:
                services.validate_coverage(
                    cleaned.get("partner"),
                    cleaned.get("activities"),
                    covers_all=cleaned.get("covers_all_activities"),
                )
            except forms.ValidationError as exc:
                self.add_service_error(exc)
        return cleaned

    def add_service_error(self, exc):
        """Attach a service ValidationError to the matching form fields."""
        add_service_errors(self, exc)

    def save(self, commit=True):
        self.instance._change_reason = self.cleaned_data.get("change_reason", "")
        return super().save(commit=commit)


class StatusChangeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=100,
        required=True,
        help_text=_("Recorded in the version history."),
    )


class VersionCompareForm(forms.Form):
    a = forms.IntegerField(label=_("Older version"), widget=forms.Select)
    b = forms.IntegerField(label=_("Newer version"), widget=forms.Select)

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (row["record"].history_id, _("Version %(n)s") % {"n": row["number"]})
            for row in versions
        ]
        self.fields["a"].widget.choices = choices
        self.fields["b"].widget.choices = choices
