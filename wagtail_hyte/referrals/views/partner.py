"""The partner's referral inbox: list, detail, reveal contact details, accept, outcome,
withdrawal of consent."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.reports import ReportView

from wagtail_hyte.core.adminviews import HyteAdminMixin
from wagtail_hyte.core.periods import local_date
from wagtail_hyte.core.sensitive import SensitiveDataMixin
from wagtail_hyte.ledger.services import DecryptionError, ReadRefused, record_read_refused

from .. import access, services
from ..columns import FIGURE_EXPORT, figure_columns, figures_table, inbox_columns
from ..errors import PartnerAccessCut
from ..figures import partner_figures
from ..filters import InboxFilterSet
from ..forms import OutcomeForm, WithdrawForm
from .base import ReferralIndexView, WithdrawConsentMixin


class InboxView(ReferralIndexView):
    """The receiving partners' referrals (``access.inbox_queryset``): open ones by
    default, the earliest contact due (so the overdue) first; the figures above."""

    template_name = "wagtail_hyte/referrals/inbox.html"
    page_title = gettext_lazy("Referral inbox")
    access_test = access.can_handle_referrals
    index_url_name = "hyte_referrals:inbox"
    index_results_url_name = "hyte_referrals:inbox_results"
    filterset_class = InboxFilterSet
    default_ordering = "due_date"
    export_filename = "referral-inbox"

    @cached_property
    def columns(self):
        return inbox_columns()

    @cached_property
    def inbox(self):
        return access.inbox_queryset(self.request.user)

    def get_base_queryset(self):
        return self.inbox.select_related("activity", "partner")

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "inbox": self.inbox}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.results_only:
            context["figures_table"] = figures_table(partner_figures(self.inbox))
        return context


class InboxDetailView(HyteAdminMixin, TemplateView):
    template_name = "wagtail_hyte/referrals/inbox_detail.html"
    page_title = gettext_lazy("Referral")
    header_icon = "mail"
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
        return redirect("hyte_referrals:inbox_detail", pk=self.referral.pk)


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
                return redirect("hyte_referrals:inbox_detail", pk=self.referral.pk)
        return self.render_to_response(self.get_context_data(outcome_form=form))


class PartnerWithdrawView(WithdrawConsentMixin, InboxDetailView):
    """The receiving partner records that the client withdrew consent."""

    http_method_names = ["post"]
    withdrawn_message = gettext_lazy(
        "Consent withdrawn; the client's details can no longer be shown."
    )
    withdrawn_url_name = "hyte_referrals:inbox_detail"
    withdrawn_url_takes_pk = True


class FiguresView(HyteAdminMixin, ReportView):
    """Response figures per partner (``figures.partner_figures``), as a Wagtail report
    with a spreadsheet export: every partner for coordinators, one's own for staff."""

    template_name = "wagtail_hyte/referrals/figures.html"
    page_title = gettext_lazy("Referral figures")
    header_icon = "table"
    access_test = access.can_view_figures
    index_url_name = "hyte_referrals:figures"
    any_permission_required = None
    list_export = [field for field, _heading in FIGURE_EXPORT]
    export_headings = dict(FIGURE_EXPORT)

    @cached_property
    def columns(self):
        return figure_columns()

    @cached_property
    def no_results_message(self):
        return _("No referrals yet.")

    def get_queryset(self):
        from ..models import Referral

        user = self.request.user
        if user.has_perm(access.FIGURES) or user.is_superuser:
            referrals = Referral.objects.all()
        else:
            referrals = access.inbox_queryset(user)
        return partner_figures(referrals)

    def get_filename(self):
        return f"referral-figures-{local_date().isoformat()}"
