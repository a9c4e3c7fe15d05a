from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import services


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
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, exc)

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
