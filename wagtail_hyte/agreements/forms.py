from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import services
from .models import AgreementStatus


class PartnerAgreementForm(WagtailAdminModelForm):
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=100,
        help_text=_("Shown in the version history, e.g. 'Quota raised in the 2027 amendment'."),
    )

    def clean(self):
        cleaned = super().clean()
        partner = cleaned.get("partner")
        activities = cleaned.get("activities")
        if partner and activities and not cleaned.get("covers_all_activities"):
            foreign = [a for a in activities if a.organiser_id != partner.pk]
            if foreign:
                self.add_error(
                    "activities",
                    _("These activities are organised by another partner: %(names)s")
                    % {"names": ", ".join(a.title for a in foreign)},
                )
        if self.instance.pk and self.instance.status == AgreementStatus.ACTIVE and not self.errors:
            candidate = self.instance
            for name, value in cleaned.items():
                if name not in ("activities", "change_reason") and hasattr(candidate, name):
                    setattr(candidate, name, value)
            activity_ids = None
            if not cleaned.get("covers_all_activities") and activities is not None:
                activity_ids = [a.pk for a in activities]
            try:
                services.validate_activation(candidate, activity_ids=activity_ids)
            except forms.ValidationError as exc:
                self.add_error(None, exc)
        return cleaned

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
