"""The second factor in the Wagtail admin: the "Second factor" panel of the
account settings, and the administrators' "Reset second factor" action on the
user listing (its confirmation page is a HYTE admin URL)."""

from __future__ import annotations

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.admin.widgets.button import Button

from wagtail_hyte.core.adminviews import admin_urls
from wagtail_hyte.core.signin import SSO, sign_in_method

from . import mfa
from .views.mfa import ResetFactorsView


class SecondFactorSettingsPanel(BaseSettingsPanel):
    """Account settings → "Second factor": its status and a link to the page
    where the user renews the recovery codes or replaces the authenticator.
    The account form holds every panel, so this panel has no fields of its
    own: an unbound empty form, which the account view skips on save."""

    name = "hyte_second_factor"
    title = _("Second factor")
    order = 160
    template_name = "wagtail_hyte_accounts/mfa_settings_panel.html"

    def get_form(self):
        return forms.Form(prefix=self.name)

    def get_context_data(self):
        required = mfa.requires_second_factor(self.user, self.request)
        return {
            **super().get_context_data(),
            "enrolled": mfa.has_confirmed_factor(self.user),
            "required": required,
            "sso": sign_in_method(self.request) == SSO,
            "codes_left": mfa.recovery_codes_left(self.user),
            "manage_url": reverse("wagtail_hyte_accounts:recovery_codes"),
            "enrol_url": reverse("wagtail_hyte_accounts:enrol"),
        }


@hooks.register("register_account_settings_panel")
def register_second_factor_panel(request, user, profile):
    return SecondFactorSettingsPanel(request, user, profile)


@hooks.register("register_admin_urls")
def register_second_factor_urls():
    return [
        admin_urls(
            "hyte/second-factor/",
            "hyte_accounts",
            [path("users/<str:pk>/reset/", ResetFactorsView.as_view(), name="reset")],
        )
    ]


@hooks.register("register_user_listing_buttons")
def reset_second_factor_button(user, request_user):
    """Shown for every user the administrator may reset; the confirmation
    page says whether the user has a factor (no query per listed user)."""
    if not mfa.can_remove_factors(user, request_user) or user.pk == request_user.pk:
        return []
    return [
        Button(
            _("Reset second factor"),
            url=reverse("hyte_accounts:reset", args=[user.pk]),
            icon_name="key",
            priority=70,
        )
    ]
