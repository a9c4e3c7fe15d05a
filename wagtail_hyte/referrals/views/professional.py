"""The professional's side: the referral form, the receipt, "My referrals", withdrawal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail_hyte.activities.models import ActivityPage
from wagtail_hyte.agreements.availability import referral_offer
from wagtail_hyte.ledger.contact import DATA_CATEGORIES
from wagtail_hyte.ledger.services import DecryptionError, ReadRefused

from .. import access, services
from ..forms import ConsentForm, ContactForm, WithdrawForm
from ..models import Referral
from ..notices import notice_for
from .base import HyteAdminView


class ReferralCreateView(HyteAdminView, TemplateView):
    """Two steps and a result: client details, then consent, then the referral."""

    template_name = "wagtail_hyte/referrals/create.html"
    page_title = gettext_lazy("Make a referral")
    access_test = access.can_make_referrals

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.activity = None

    def get_activity(self):
        return get_object_or_404(ActivityPage.objects.live(), pk=self.kwargs["activity_id"])

    def get_page_subtitle(self):
        return self.activity.title if self.activity else ""

    def render_step(self, step, **context):
        offer = referral_offer(self.activity)
        context.update(step=step, activity=self.activity, offer=offer)
        response = self.render_to_response(self.get_context_data(**context))
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request, *args, **kwargs):
        self.activity = self.get_activity()
        return self.render_step("details", contact_form=ContactForm())

    def post(self, request, *args, **kwargs):
        self.activity = self.get_activity()
        contact_form = ContactForm(request.POST)
        step = request.POST.get("step")
        if request.POST.get("back") or not contact_form.is_valid():
            return self.render_step("details", contact_form=contact_form)
        subjects = contact_form.matching_subjects()
        if step != "consent":
            return self.consent_step(contact_form, ConsentForm(subjects=subjects))
        consent_form = ConsentForm(request.POST, subjects=subjects)
        if not consent_form.is_valid():
            return self.consent_step(contact_form, consent_form)
        notice = notice_for(contact_form.cleaned_data["language"])
        try:
            referral = services.create_referral(
                activity=self.activity,
                professional=request.user,
                details=contact_form.details(),
                notice=notice,
                collection_method=consent_form.cleaned_data["collection_method"],
                subject=consent_form.chosen_subject(),
                confirm_client=consent_form.cleaned_data["send_confirmation"],
            )
        except ValidationError as exc:
            consent_form.add_error(None, exc)
            return self.consent_step(contact_form, consent_form)
        messages.success(request, _("The referral was sent."))
        return redirect("hyte_referrals_receipt", pk=referral.pk)

    def consent_step(self, contact_form, consent_form):
        notice = notice_for(contact_form.cleaned_data["language"])
        if notice is None:
            consent_form.add_error(
                None, _("No consent notice has been published. Ask the coordinator to add one.")
            )
        return self.render_step(
            "consent",
            contact_form=contact_form,
            consent_form=consent_form,
            notice=notice,
            categories=[DATA_CATEGORIES[c] for c in services._categories(contact_form.details())],
        )


class MyReferralsView(HyteAdminView, TemplateView):
    template_name = "wagtail_hyte/referrals/mine.html"
    page_title = gettext_lazy("My referrals")
    access_test = access.can_make_referrals

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["referrals"] = (
            Referral.objects.filter(professional=self.request.user)
            .select_related("activity", "partner")
            .order_by("-sent_at")[:200]
        )
        return context


class OwnReferralMixin:
    def get_referral(self):
        return get_object_or_404(
            Referral.objects.select_related("activity", "partner", "agreement"),
            pk=self.kwargs["pk"],
            professional=self.request.user,
        )


class ReceiptView(OwnReferralMixin, HyteAdminView, TemplateView):
    template_name = "wagtail_hyte/referrals/receipt.html"
    page_title = gettext_lazy("Referral receipt")
    access_test = access.can_make_referrals

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        referral = self.get_referral()
        contact = refused = None
        try:
            contact = services.receipt_details(referral, user=self.request.user)
        except (ReadRefused, DecryptionError):
            refused = _(
                "The client's contact details can no longer be shown: the consent was "
                "withdrawn or the data has been erased."
            )
        context.update(
            referral=referral,
            contact=contact,
            refused=refused,
            categories=[
                DATA_CATEGORIES[c] for c in referral.consent.data_categories if c in DATA_CATEGORIES
            ],
        )
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Cache-Control"] = "no-store"
        return response


class WithdrawView(OwnReferralMixin, HyteAdminView, TemplateView):
    template_name = "wagtail_hyte/referrals/withdraw.html"
    page_title = gettext_lazy("Withdraw consent")
    access_test = access.can_make_referrals

    def get(self, request, *args, **kwargs):
        self.referral = self.get_referral()
        return self.render_to_response(self.get_context_data(form=WithdrawForm()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["referral"] = self.referral
        return context

    def post(self, request, *args, **kwargs):
        self.referral = self.get_referral()
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.withdraw(
                    self.referral, user=request.user, method=form.cleaned_data["method"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Consent withdrawn; the partner can no longer see the client's details."),
                )
                return redirect("hyte_referrals_mine")
        return self.render_to_response(self.get_context_data(form=form))
