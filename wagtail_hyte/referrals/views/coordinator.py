"""A coordinator records a client's withdrawal of consent (found by the referral number)."""

from __future__ import annotations

import re
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail_hyte.core.adminviews import HyteAdminMixin

from .. import access, services
from ..forms import WithdrawForm
from ..models import Referral, ReferralStatus

HEX = re.compile(r"^[0-9a-f]{8,32}$")


class ReferenceForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Referral number"),
        max_length=40,
        help_text=gettext_lazy("The number on the client's receipt, e.g. 1A2B3C4D."),
    )

    def clean_reference(self):
        value = self.cleaned_data["reference"].strip().lower().replace("-", "")
        if not HEX.match(value):
            raise ValidationError(_("Enter the referral number from the receipt."))
        return value


def find_referrals(prefix: str):
    """Referrals whose reference starts with the hexadecimal ``prefix`` (8–32 digits)."""
    low = uuid.UUID(prefix.ljust(32, "0"))
    high = uuid.UUID(prefix.ljust(32, "f"))
    return Referral.objects.filter(reference__gte=low, reference__lte=high).select_related(
        "activity", "partner"
    )


class CoordinatorWithdrawalView(HyteAdminMixin, TemplateView):
    template_name = "wagtail_hyte/referrals/coordinator_withdrawal.html"
    page_title = gettext_lazy("Record a withdrawal of consent")
    header_icon = "mail"
    access_test = access.can_record_withdrawals

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ReferenceForm(self.request.GET or None)
        found = None
        if form.is_bound and form.is_valid():
            matches = list(find_referrals(form.cleaned_data["reference"])[:2])
            if len(matches) == 1:
                found = matches[0]
            elif matches:
                form.add_error("reference", _("Several referrals match: enter the full number."))
            else:
                form.add_error("reference", _("No referral has this number."))
        context.update(
            lookup_form=form,
            referral=kwargs.get("referral", found),
            withdraw_form=kwargs.get("withdraw_form") or WithdrawForm(),
            withdrawn=ReferralStatus.WITHDRAWN,
        )
        return context

    def post(self, request, *args, **kwargs):
        pk = request.POST.get("referral", "")
        if not pk.isdigit():
            raise Http404
        referral = get_object_or_404(Referral.objects.select_related("activity", "partner"), pk=pk)
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.withdraw(referral, user=request.user, method=form.cleaned_data["method"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Consent withdrawn for referral %(ref)s.")
                    % {"ref": referral.short_reference},
                )
                return redirect("hyte_referrals:coordinator_withdrawal")
        return self.render_to_response(self.get_context_data(referral=referral, withdraw_form=form))
