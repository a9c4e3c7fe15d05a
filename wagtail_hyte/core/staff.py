"""Staff members' work contact details (StaffProfile): the account-settings
panel where each user keeps their own, and ``work_contact`` that the receipt and
the partner's referral page read."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import BaseSettingsPanel

from .models import StaffProfile
from .people import person_name
from .phone import display_phone


@dataclass(frozen=True)
class WorkContact:
    name: str
    unit: str
    phone: str  # as people read it (040 123 4567)
    phone_link: str  # tel: URI, "" without a phone
    email: str

    @property
    def complete(self) -> bool:
        return bool(self.unit and self.phone)


def work_contact(user) -> WorkContact:
    """How to reach ``user`` at work: name, unit, work phone and email
    (the account's email when no work email is set)."""
    profile = StaffProfile.objects.filter(user=user).first()
    phone = profile.work_phone if profile else ""
    return WorkContact(
        name=person_name(user),
        unit=profile.unit if profile else "",
        phone=display_phone(phone) if phone else "",
        phone_link=f"tel:{phone}" if phone else "",
        email=(profile.work_email if profile else "") or (user.email or ""),
    )


class StaffProfileForm(forms.ModelForm):
    class Meta:
        model = StaffProfile
        fields = ["unit", "work_phone", "work_email"]
        widgets = {
            "work_phone": forms.TextInput(attrs={"autocomplete": "work tel", "type": "tel"}),
            "work_email": forms.EmailInput(attrs={"autocomplete": "work email"}),
        }


class WorkContactSettingsPanel(BaseSettingsPanel):
    """Account settings → "Work contact details"."""

    name = "hyte_work_contact"
    title = _("Work contact details")
    help_text = _(
        "Shown to your clients on their referral receipts and to the partners you refer "
        "clients to, so that they can reach you."
    )
    order = 150

    def get_form(self):
        instance = StaffProfile.objects.filter(user=self.user).first() or StaffProfile(
            user=self.user
        )
        kwargs = {"instance": instance, "prefix": self.name}
        if self.request.method == "POST":
            return StaffProfileForm(self.request.POST, **kwargs)
        return StaffProfileForm(**kwargs)
