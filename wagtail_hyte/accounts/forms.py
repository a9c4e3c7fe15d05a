"""The forms of the second factor pages. They hold no rule: the services in
``mfa.py`` check the codes and their errors are put on the ``code`` field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import mfa


class CodeForm(forms.Form):
    """A code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
        error_messages={"required": _("Enter the code.")},
    )

    def add_service_error(self, error: mfa.SecondFactorError) -> None:
        self.add_error("code", error.messages[0])


class EnrolCodeForm(CodeForm):
    """The first code from the authenticator being set up (digits only)."""

    code = forms.CharField(
        label=_("Code from the app"),
        help_text=_("The 6-digit code your authenticator app shows now."),
        max_length=9,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
            }
        ),
        error_messages={"required": _("Enter the code.")},
    )


class AcknowledgeForm(forms.Form):
    saved = forms.BooleanField(
        label=_("I have saved my recovery codes"),
        error_messages={
            "required": _("Confirm that you have saved the codes: they are not shown again.")
        },
    )


class ChangeFactorForm(CodeForm):
    """Renew the recovery codes or replace the authenticator: the user proves
    the factor again with a current code. Used with ``prefix`` = the action,
    so that both forms can be on one page."""

    RENEW = "renew"
    REPLACE = "replace"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.pop("autofocus", None)


def describe_fields(form) -> None:
    """Tie each field's help text and errors to its input (``aria-describedby``,
    ``aria-invalid``), with the ids the templates give them:
    ``<id>-helptext`` (Wagtail's) and ``<id>-errors``."""
    for bound in form:
        attrs = bound.field.widget.attrs
        ids = []
        if bound.help_text:
            ids.append(f"{bound.id_for_label}-helptext")
        if bound.errors:
            ids.append(f"{bound.id_for_label}-errors")
            attrs["aria-invalid"] = "true"
        if ids:
            attrs["aria-describedby"] = " ".join(ids)
