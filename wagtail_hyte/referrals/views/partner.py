"""The partner's referral inbox: list, detail, reveal contact details, accept, outcome,
withdrawal of consent."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail_hyte.core.sensitive import SensitiveDataMixin
from wagtail_hyte.ledger.services import DecryptionError, ReadRefused, record_read_refused

from .. import access, services
from ..errors import PartnerAccessCut
from ..figures import partner_figures
from ..forms import OutcomeForm, WithdrawForm
from .base import HyteAdminView, PaginatedListingMixin, WithdrawConsentMixin


class InboxView(PaginatedListingMixin, HyteAdminView, TemplateView):
    template_name = "wagtail_hyte/referrals/inbox.html"
    page_title = gettext_lazy("Referral inbox")
    access_test = access.can_handle_referrals
    default_status = "open"

    def get_status_choices(self):
        return [
            ("open", gettext_lazy("Open")),
            ("overdue", gettext_lazy("Overdue")),
        ] + super().get_status_choices()

    def filter_status(self, queryset, status):
        if status == "open":
            return queryset.open()
        if status == "overdue":
            return queryset.overdue()
        return super().filter_status(queryset, status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        referrals = access.inbox_queryset(self.request.user)
        context.update(
            self.paginate(
                referrals.select_related("activity", "partner").order_by("due_date", "pk")
            ),
            figures=partner_figures(referrals),
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
        referral = self.referral
        allowed = services.allowed_actions(referral)
        member = access.may_handle(self.request.user, referral)
        reveal_cut = access.partner_cut(referral, "reveal")
        outcome_cut = access.partner_cut(referral, "outcome")
        note = note_refused = None
        if member and referral.outcome_note_ciphertext:
            try:
                note = services.outcome_note(referral, user=self.request.user)
            except (ReadRefused, DecryptionError):
                note_refused = _("The note can no longer be shown: the data has been erased.")
        context.update(
            referral=referral,
            member=member,
            access_cut=reveal_cut and services.CUT_MESSAGES[reveal_cut],
            can_reveal=member and not reveal_cut,
            can_accept=member and not reveal_cut and "accept" in allowed,
            can_report=member and not outcome_cut and referral.is_open,
            can_withdraw=member and "withdraw" in allowed,
            outcome_form=kwargs.get("outcome_form") or OutcomeForm(),
            withdraw_form=kwargs.get("withdraw_form") or WithdrawForm(),
            contact=kwargs.get("contact"),
            refused=kwargs.get("refused"),
            note=note,
            note_refused=note_refused,
        )
        return context


class RevealView(SensitiveDataMixin, InboxDetailView):
    http_method_names = ["post"]

    def get_referral(self):
        try:
            return super().get_referral()
        except Http404:
            # Another partner's referral: "not found" as before, but the attempt is ledgered.
            from ..models import Referral

            other = Referral.objects.filter(pk=self.kwargs["pk"]).first()
            if other is not None:
                record_read_refused(
                    self.request.user,
                    other.subject_id,
                    "not_recipient",
                    purpose=services.CONTACT_PURPOSE,
                    referral=other,
                )
            raise

    def post(self, request, *args, **kwargs):
        self.referral = self.get_referral()
        try:
            contact = services.reveal_contact(self.referral, user=request.user)
        except ReadRefused as exc:
            return self.render_to_response(self.get_context_data(refused=str(exc.args[0])))
        except PermissionDenied as exc:
            if exc.args:
                return self.render_to_response(self.get_context_data(refused=str(exc.args[0])))
            # Not the receiving partner's staff (e.g. a superuser): 403, ledgered by the service.
            refused = _(
                "Only the staff of the receiving partner can see the client's contact details."
            )
            return self.render_to_response(self.get_context_data(refused=refused), status=403)
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
        except PartnerAccessCut as exc:
            messages.error(request, str(exc.args[0]))
        else:
            messages.success(request, _("Referral accepted."))
        return redirect("hyte_referrals_inbox_detail", pk=self.referral.pk)


class OutcomeView(SensitiveDataMixin, InboxDetailView):
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
            except PartnerAccessCut as exc:
                form.add_error(None, str(exc.args[0]))
            else:
                messages.success(request, _("Outcome reported."))
                return redirect("hyte_referrals_inbox_detail", pk=self.referral.pk)
        return self.render_to_response(self.get_context_data(outcome_form=form))


class PartnerWithdrawView(WithdrawConsentMixin, InboxDetailView):
    """The receiving partner records that the client withdrew consent."""

    http_method_names = ["post"]
    withdrawn_message = gettext_lazy(
        "Consent withdrawn; the client's details can no longer be shown."
    )
    withdrawn_url_name = "hyte_referrals_inbox_detail"
    withdrawn_url_takes_pk = True


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
