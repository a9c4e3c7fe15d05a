"""The coordinator's form for a new API token. The rules are in ``tokens.py``
(the form's choices come from there too); the form only collects the fields."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.people import person_name
from wagtail_hyte.core.periods import local_date

from . import tokens
from .scopes import SCOPES


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = person_name(obj)
        username = obj.get_username()
        return name if name == username else f"{name} ({username})"


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Client system"),
        max_length=100,
        help_text=_("The system that will use the token, e.g. “Patient information system X”."),
    )
    user = StaffChoiceField(
        label=_("Acts as"),
        queryset=None,
        help_text=_(
            "Every request made with the token is this person's: their permissions decide "
            "what it may do, and the ledger names them as the actor."
        ),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=list(SCOPES.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the token may be used for. Give only what the system needs."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # One id per form shown, so a form sent twice (a reload of the page with the
    # new token) is recognised and makes no second token.
    form_id = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, created_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = tokens.eligible_users(created_by)
        today = local_date()
        last = tokens.latest_expiry(today)
        self.fields["expires_on"].widget.attrs.update(
            min=(today + timedelta(days=1)).isoformat(), max=last.isoformat()
        )
        self.fields["expires_on"].help_text = _(
            "The token stops working at 00:00 (Finnish time) on this day; %(date)s at the latest."
        ) % {"date": date_format(last)}
