"""The professional's referral form (client details, consent) and the partner's outcome form.

Contact details travel between the steps in POST fields only (never in the
session or the URL) and are validated again at every step.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.phone import normalise_phone
from wagtail_hyte.ledger.models import CollectionMethod, ContactMethod
from wagtail_hyte.ledger.services import find_subjects_by_email, find_subjects_by_phone

from .models import CancellationReason

NO_HEALTH_DATA = _("Do not write health information or diagnoses here: the partner sees this note.")


def language_choices():
    names = dict(settings.LANGUAGES)
    return [(code, names.get(code, code)) for code in hyte_settings.LANGUAGES]


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Client's name"), max_length=200)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        help_text=_("For example 040 123 4567 or +46 70 123 4567."),
    )
    email = forms.EmailField(label=_("Email address"), required=False)
    contact_method = forms.ChoiceField(
        label=_("Preferred contact method"), choices=ContactMethod.choices
    )
    contact_time = forms.CharField(
        label=_("Preferred contact time"),
        max_length=100,
        required=False,
        help_text=_("For example: weekday mornings."),
    )
    language = forms.ChoiceField(label=_("Client's language"), choices=())
    note = forms.CharField(
        label=_("Short note to the partner"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_HEALTH_DATA,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        for field in self.fields.values():
            field.widget.attrs.setdefault("autocomplete", "off")

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "").strip()
        return normalise_phone(value) if value else ""

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email") and not self.errors:
            raise ValidationError(_("Enter a phone number or an email address."))
        method = data.get("contact_method")
        if method in (ContactMethod.PHONE, ContactMethod.SMS) and not data.get("phone"):
            self.add_error("phone", _("Enter a phone number for the chosen contact method."))
        if method == ContactMethod.EMAIL and not data.get("email"):
            self.add_error("email", _("Enter an email address for the chosen contact method."))
        return data

    def details(self) -> dict:
        return {key: self.cleaned_data.get(key) or "" for key in self.fields}

    def matching_subjects(self):
        """Existing clients with the same phone number or email (blind index)."""
        found = {}
        if self.cleaned_data.get("phone"):
            for subject in find_subjects_by_phone(self.cleaned_data["phone"])[:5]:
                found[str(subject.pk)] = subject
        if self.cleaned_data.get("email"):
            for subject in find_subjects_by_email(self.cleaned_data["email"])[:5]:
                found[str(subject.pk)] = subject
        return list(found.values())


class ConsentForm(forms.Form):
    client = forms.ChoiceField(
        label=_("Client record"), choices=(), widget=forms.RadioSelect, required=False
    )
    collection_method = forms.ChoiceField(
        label=_("How did the client give consent?"),
        choices=CollectionMethod.choices,
        widget=forms.RadioSelect,
    )
    confirmed = forms.BooleanField(
        label=_("I have shown the consent text to the client and the client consents."),
        required=True,
    )
    send_confirmation = forms.BooleanField(
        label=_("Send the client a confirmation"),
        required=False,
        help_text=_("By email if an address was given, otherwise by text message."),
    )

    def __init__(self, *args, subjects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.subjects = {str(s.pk): s for s in subjects}
        choices = [("new", _("Create a new client record"))]
        for n, key in enumerate(self.subjects, start=1):
            label = _("Use the existing client record %(n)s with this phone number or email")
            choices.append((key, label % {"n": n}))
        self.fields["client"].choices = choices
        self.fields["client"].initial = "new"
        if not self.subjects:
            self.fields["client"].widget = forms.HiddenInput()

    def chosen_subject(self):
        return self.subjects.get(self.cleaned_data.get("client") or "new")


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("succeeded", _("Succeeded: the client joined")), ("cancelled", _("Cancelled"))],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Reason for cancelling"),
        choices=[("", "—"), *CancellationReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_HEALTH_DATA,
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "cancelled" and not data.get("reason"):
            self.add_error("reason", _("Choose why the referral was cancelled."))
        if data.get("outcome") == "succeeded":
            data["reason"] = ""
        return data


class WithdrawForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How did the client withdraw consent?"),
        choices=CollectionMethod.choices,
        widget=forms.RadioSelect,
    )
