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

from .models import CancellationReason
from .notices import NOTICE_CHANGED

NO_HEALTH_DATA = _("Do not write health information or diagnoses here: the partner sees this note.")
NO_PERSONAL_DATA = _(
    "Do not write personal data here: no names, contact details, health information or "
    "other details of the client. Describe the outcome only. The note is stored encrypted "
    "and is erased with the client's data."
)


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


class ConsentForm(forms.Form):
    """The consent step. ``notice_id`` and ``notice_sha256`` carry the notice shown."""

    notice_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    notice_sha256 = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
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

    def __init__(self, *args, notice=None, **kwargs):
        """``notice`` is the notice shown now (the current one for the client's language)."""
        super().__init__(*args, **kwargs)
        self.notice = notice
        if notice is not None and not self.is_bound:
            self.initial.update(notice_id=notice.pk, notice_sha256=notice.text_sha256)

    def clean(self):
        data = super().clean()
        notice = self.notice
        if (
            notice is None
            or data.get("notice_id") != notice.pk
            or data.get("notice_sha256") != notice.text_sha256
        ):
            raise ValidationError(NOTICE_CHANGED, code="notice_changed")
        return data


class ClientChoiceForm(forms.Form):
    """After consent: a new client record or one of the professional's own clients.

    The choices are opaque tokens (see ``lookup``), bound to the user and to
    this form's ``nonce``; never subject ids.
    """

    nonce = forms.CharField(widget=forms.HiddenInput, max_length=64)
    client = forms.CharField(
        label=_("Client record"), widget=forms.RadioSelect, initial="new", max_length=400
    )

    def __init__(self, *args, user, tokens=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        choices = [("new", _("Create a new client record"))]
        for n, token in enumerate(tokens, start=1):
            label = _("Use my earlier client record %(n)s with this phone number or email")
            choices.append((token, label % {"n": n}))
        self.fields["client"].widget.choices = choices

    def clean_client(self):
        from .lookup import resolve_token

        value = self.cleaned_data["client"]
        if value == "new":
            self.subject = None
            return value
        self.subject = resolve_token(self.user, self.data.get("nonce", ""), value)
        if self.subject is None:
            raise ValidationError(
                _("This client record choice has expired. Go back and send the form again."),
                code="bad_token",
            )
        return value


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
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=NO_PERSONAL_DATA,
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
