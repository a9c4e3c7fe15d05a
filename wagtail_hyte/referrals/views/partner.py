"""The partner's referral inbox: list, detail, reveal contact details, accept, outcome."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail_hyte.ledger.services import ReadRefused

from .. import access, services
from ..figures import partner_figures
from ..forms import OutcomeForm
from .base import HyteAdminView


class InboxView(HyteAdminView, TemplateView):
    template_name = "wagtail_hyte/referrals/inbox.html"
    page_title = gettext_lazy("Referral inbox")
    access_test = access.can_handle_referrals

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        referrals = access.inbox_queryset(self.request.user)
        status = self.request.GET.get("status", "open")
        listed = referrals.open() if status == "open" else referrals
        context.update(
            referrals=listed.select_related("activity", "partner").order_by("due_date", "pk")[:200],
            figures=partner_figures(referrals),
            status=status,
        )
        return context


class InboxDetailView(HyteAdminView, TemplateView):
    template_name = "wagtail_hyte/referrals/inbox_detail.html"
    page_title = gettext_lazy("Referral")
    access_test = access.can_handle_referrals

    def get_referral(self):
        return get_object_or_404(
            access.inbox_queryset(self.request.user).select_related("activity", "partner"),
            pk=self.kwargs["pk"],
        )

    def get_page_subtitle(self):
        return self.referral.short_reference

    def get(self, request, *args, **kwargs):
        self.referral = self.get_referral()
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        allowed = services.allowed_actions(self.referral)
        context.update(
            referral=self.referral,
            can_accept="accept" in allowed,
            can_report=self.referral.is_open,
            outcome_form=kwargs.get("outcome_form") or OutcomeForm(),
            contact=kwargs.get("contact"),
            refused=kwargs.get("refused"),
        )
        return context


class RevealView(InboxDetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.referral = self.get_referral()
        try:
            contact = services.reveal_contact(self.referral, user=request.user)
        except ReadRefused as exc:
            return self.render_to_response(self.get_context_data(refused=str(exc.args[0])))
        except PermissionDenied as exc:
            if exc.args:
                return self.render_to_response(self.get_context_data(refused=str(exc.args[0])))
            raise
        response = self.render_to_response(self.get_context_data(contact=contact))
        response["Cache-Control"] = "no-store"
        return response


class AcceptView(InboxDetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.referral = self.get_referral()
        try:
            services.accept(self.referral, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Referral accepted."))
        return redirect("hyte_referrals_inbox_detail", pk=self.referral.pk)


class OutcomeView(InboxDetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.referral = self.get_referral()
        form = OutcomeForm(request.POST)
        if form.is_valid():
            try:
                services.report_outcome(
                    self.referral,
                    user=request.user,
                    succeeded=form.cleaned_data["outcome"] == "succeeded",
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Outcome reported."))
                return redirect("hyte_referrals_inbox_detail", pk=self.referral.pk)
        return self.render_to_response(self.get_context_data(outcome_form=form))


class FiguresView(HyteAdminView, TemplateView):
    template_name = "wagtail_hyte/referrals/figures.html"
    page_title = gettext_lazy("Referral figures")
    header_icon = "table"
    access_test = access.can_view_figures

    def get_context_data(self, **kwargs):
        from ..models import Referral

        user = self.request.user
        if user.has_perm(access.FIGURES) or user.is_superuser:
            referrals = Referral.objects.all()
        else:
            referrals = access.inbox_queryset(user)
        context = super().get_context_data(**kwargs)
        context["figures"] = partner_figures(referrals)
        return context
