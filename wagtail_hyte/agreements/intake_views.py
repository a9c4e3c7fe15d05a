"""HYTE -> Referral intake: the partner's staff (and coordinators) mark a group
full or pause referrals, and take referrals again. The rules are in
``intake``; this is the screen."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from wagtail_hyte.core.adminviews import HyteAccessMixin, HyteAdminMixin
from wagtail_hyte.core.forms import add_service_errors
from wagtail_hyte.core.periods import local_date

from . import intake
from .models import IntakePause, PauseReason

ALL = ""


def may_open(user) -> bool:
    return intake.intake_partners(user).exists()


class PauseForm(forms.Form):
    activity = forms.ChoiceField(label=gettext_lazy("Activity"), required=False)
    reason = forms.ChoiceField(
        label=gettext_lazy("Why"), choices=PauseReason.choices, widget=forms.RadioSelect
    )
    reopens_on = forms.DateField(
        label=gettext_lazy("Reopens on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Leave empty to reopen by hand."),
    )

    def __init__(self, *args, activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.activities = {str(a.pk): a for a in activities}
        self.fields["activity"].choices = [
            (ALL, _("All of the partner's activities")),
            *[(str(a.pk), a.title) for a in activities],
        ]


class IntakeView(HyteAdminMixin, FormView):
    template_name = "wagtail_hyte/agreements/intake.html"
    page_title = gettext_lazy("Referral intake")
    header_icon = "pick"
    access_test = staticmethod(may_open)
    form_class = PauseForm

    def get_partner(self):
        partners = intake.intake_partners(self.request.user).order_by("name")
        chosen = self.request.GET.get("partner") or self.request.POST.get("partner")
        if chosen and chosen.isdigit():
            return get_object_or_404(partners, pk=int(chosen))
        return partners.first()

    def get_activities(self, partner):
        from wagtail_hyte.activities.models import ActivityPage

        return list(ActivityPage.objects.filter(organiser=partner).order_by("title"))

    def get_form_kwargs(self):
        self.partner = self.get_partner()
        self.activities = self.get_activities(self.partner) if self.partner else []
        return {**super().get_form_kwargs(), "activities": self.activities}

    def form_valid(self, form):
        data = form.cleaned_data
        activity = form.activities.get(data["activity"]) if data["activity"] else None
        try:
            intake.pause_intake(
                self.partner,
                user=self.request.user,
                reason=data["reason"],
                activity=activity,
                reopens_on=data["reopens_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Referrals stopped. Professionals see why."))
        return redirect(f"{reverse('hyte_agreements:intake')}?partner={self.partner.pk}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = self.partner
        pauses = (
            list(
                IntakePause.objects.in_effect()
                .filter(partner=partner)
                .select_related("activity", "created_by")
                .order_by("starts_on", "pk")
            )
            if partner
            else []
        )
        upcoming = (
            list(
                IntakePause.objects.filter(
                    partner=partner, ended_at__isnull=True, starts_on__gt=local_date()
                ).select_related("activity")
            )
            if partner
            else []
        )
        in_effect = intake.pauses_for(self.activities)
        context.update(
            partner=partner,
            partners=list(intake.intake_partners(self.request.user).order_by("name")),
            pauses=pauses + upcoming,
            rows=[(a, in_effect.get(a.pk)) for a in self.activities],
        )
        return context


class EndPauseView(HyteAccessMixin, View):
    """Take referrals again (POST)."""

    access_test = staticmethod(may_open)
    http_method_names = ["post"]

    def post(self, request, pk):
        pause = get_object_or_404(
            IntakePause.objects.filter(partner__in=intake.intake_partners(request.user)), pk=pk
        )
        try:
            intake.end_pause(pause, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Referrals are taken again."))
        return redirect(f"{reverse('hyte_agreements:intake')}?partner={pause.partner_id}")
