"""The professional's referral form (client details, consent) and the partner's outcome form.

Contact details travel between the steps in POST fields only (never in the
session or the URL) and are validated again at every step.
"""

from __future__ import annotations

from dataclasses import asdict

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.sensitive import sensitive_variables
from wagtail_hyte.ledger.contact import CONTACT_TIME_MAX, NAME_MAX, NOTE_MAX, clean_contact
from wagtail_hyte.ledger.contact import FIELDS as CONTACT_FIELDS
from wagtail_hyte.ledger.models import CollectionMethod, ContactMethod

from .models import CancellationReason, ContactAttemptMethod, ContactAttemptResult
from .notices import NOTICE_CHANGED
from .services import validate_outcome

NO_HEALTH_DATA = _("Do not write health information or diagnoses here: the partner sees this note.")
NO_PERSONAL_DATA = _(
    "Do not write personal data here: no names, contact details, health information or "
    "other details of the client. Describe the outcome only. The note is stored encrypted "
    "and is erased with the client's data."
)


def language_choices():
    names = dict(settings.LANGUAGES)
    return [(code, names.get(code, code)) for code in hyte_settings.LANGUAGES]


def _add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or the form)."""
    if not hasattr(exc, "error_dict"):
        raise exc
    for field, errors in exc.error_dict.items():
        if field in form.fields and field not in form.errors:
            form.add_error(field, errors)
        elif field not in form.fields:
            form.add_error(None, errors)


class ContactForm(forms.Form):
    """The client's contact details. The rules are ``ledger.contact.clean_contact``'s.

    The fields only render and carry the values (``maxlength`` from the same
    limits); ``clean`` calls the service's validation and maps its errors, so
    the form and every other caller give the same messages.
    """

    name = forms.CharField(
        label=_("Client's name"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": NAME_MAX, "aria-required": "true"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 40, "inputmode": "tel"}),
        help_text=_("For example 040 123 4567 or +46 70 123 4567."),
    )
    email = forms.CharField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"maxlength": 254}),
    )
    contact_method = forms.ChoiceField(
        label=_("Preferred contact method"), choices=ContactMethod.choices
    )
    contact_time = forms.CharField(
        label=_("Preferred contact time"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": CONTACT_TIME_MAX}),
        help_text=_("For example: weekday mornings."),
    )
    language = forms.ChoiceField(label=_("Client's language"), choices=())
    note = forms.CharField(
        label=_("Short note to the partner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX}),
        help_text=NO_HEALTH_DATA,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        for field in self.fields.values():
            field.widget.attrs.setdefault("autocomplete", "off")

    @sensitive_variables()
    def clean(self):
        data = super().clean()
        try:
            contact = clean_contact({key: data.get(key) or "" for key in CONTACT_FIELDS})
        except ValidationError as exc:
            _add_service_errors(self, exc)
        else:
            data.update(asdict(contact))
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
        label=_(
            "I have read the consent text aloud to the client or shown it to them, "
            "and the client consents."
        ),
        required=True,
    )
    send_confirmation = forms.BooleanField(
        label=_("Send the client a confirmation"),
        required=False,
        help_text=_("By email if an address was given, otherwise by text message."),
    )
    feedback_requested = forms.BooleanField(
        label=_("The client agrees to receive one feedback request after the referral"),
        required=False,
        help_text=_(
            "When the referral ends, the client gets one text message or email with a "
            "link to a short anonymous feedback form. Not sent if consent is withdrawn."
        ),
    )

    def __init__(self, *args, notice=None, **kwargs):
        """``notice`` is the notice shown now (the current one for the client's language)."""
        super().__init__(*args, **kwargs)
        self.notice = notice
        if not hyte_settings.FEEDBACK_ENABLED:
            del self.fields["feedback_requested"]
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

    def consent_kwargs(self) -> dict:
        """What the consent step gives ``services.create_referral`` (the admin's
        form and the REST API alike)."""
        data = self.cleaned_data
        return {
            "shown_notice_sha256": data["notice_sha256"],
            "collection_method": data["collection_method"],
            "confirm_client": data["send_confirmation"],
            "feedback_requested": data.get("feedback_requested", False),
        }


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


class ContactAttemptForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How did you try?"), choices=ContactAttemptMethod.choices, initial="phone"
    )
    result = forms.ChoiceField(
        label=_("What happened?"), choices=ContactAttemptResult.choices, widget=forms.RadioSelect
    )


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
        help_text=_("Only when the outcome is “Cancelled”."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "maxlength": NOTE_MAX}),
        help_text=NO_PERSONAL_DATA,
    )

    def clean(self):
        """The outcome rules are ``services.validate_outcome``'s; its errors go on the fields."""
        data = super().clean()
        if "outcome" not in data:
            return data
        if data["outcome"] == "succeeded":
            data["reason"] = ""
        try:
            validate_outcome(
                succeeded=data["outcome"] == "succeeded",
                reason=data.get("reason") or "",
                note=data.get("note") or "",
            )
        except ValidationError as exc:
            _add_service_errors(self, exc)
        return data


class WithdrawForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How did the client withdraw consent?"),
        choices=CollectionMethod.choices,
        widget=forms.RadioSelect,
    )
