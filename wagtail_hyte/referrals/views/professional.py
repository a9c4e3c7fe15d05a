"""The professional's side: the referral form, the receipt, "My referrals", withdrawal."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail_hyte.activities.models import ActivityPage
from wagtail_hyte.agreements.availability import referral_offer
from wagtail_hyte.core.adminviews import HyteAdminMixin
from wagtail_hyte.core.sensitive import RedactedList, SensitiveDataMixin
from wagtail_hyte.ledger.contact import DATA_CATEGORIES
from wagtail_hyte.ledger.keys import KeyUnavailable
from wagtail_hyte.ledger.services import DecryptionError, ReadRefused

from .. import access, services
from ..columns import own_referral_columns
from ..figures import partner_figures
from ..filters import ReferralFilterSet
from ..forms import ClientChoiceForm, ConsentForm, ContactForm, WithdrawForm
from ..lookup import LookupRateLimited, find_own_clients, issue_token, new_nonce
from ..models import Referral
from ..notices import NOTICE_CHANGED, notice_for
from ..readiness import NO_KEYS, NO_NOTICE, Readiness, referrals_available
from ..receipt import data_controller, receipt_context
from .base import ReferralIndexView, WithdrawConsentMixin


class ReferralCreateView(SensitiveDataMixin, HyteAdminMixin, TemplateView):
    """Two steps and a result: client details, then consent, then the referral."""

    template_name = "wagtail_hyte/referrals/create.html"
    page_title = gettext_lazy("Make a referral")
    header_icon = "mail"
    access_test = access.can_make_referrals

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.activity = None

    def get_activity(self):
        return get_object_or_404(ActivityPage.objects.live(), pk=self.kwargs["activity_id"])

    def get_page_subtitle(self):
        return self.activity.title if self.activity else ""

    @cached_property
    def offer(self):
        return referral_offer(self.activity)

    def render_step(self, step, **context):
        figures = partner_figures(Referral.objects.filter(partner_id=self.activity.organiser_id))
        context.update(
            step=step,
            activity=self.activity,
            offer=self.offer,
            partner_figures=figures[0] if figures else None,
        )
        response = self.render_to_response(self.get_context_data(**context))
        response["Cache-Control"] = "no-store"
        return response

    def unavailable(self, message):
        return self.render_step("unavailable", unavailable=message)

    def refusal(self):
        """Why no referral can be made now (before any client detail is typed), or ""."""
        readiness = referrals_available()
        if not readiness:
            return readiness.message
        if self.offer is None:
            return _(
                "This activity cannot take referrals: no partner agreement in force covers it."
            )
        if not self.offer.available:
            return self.offer.unavailable_message()
        return ""

    def get(self, request, *args, **kwargs):
        self.activity = self.get_activity()
        if refusal := self.refusal():
            return self.unavailable(refusal)
        return self.render_step("details", contact_form=ContactForm())

    def post(self, request, *args, **kwargs):
        self.activity = self.get_activity()
        if refusal := self.refusal():
            return self.unavailable(refusal)
        contact_form = ContactForm(request.POST)
        step = request.POST.get("step")
        if request.POST.get("back") or not contact_form.is_valid():
            return self.render_step("details", contact_form=contact_form)
        language = contact_form.cleaned_data["language"]
        readiness = referrals_available(language)
        if not readiness:
            return self.unavailable(readiness.message)
        notice = notice_for(language)
        if notice is None:  # deleted since the readiness check: say so, never a 500
            return self.unavailable(Readiness(False, NO_NOTICE).message)
        if step not in ("consent", "client"):
            return self.consent_step(contact_form, ConsentForm(notice=notice))
        consent_form = ConsentForm(request.POST, notice=notice)
        if not consent_form.is_valid():
            if consent_form.has_error(NON_FIELD_ERRORS, "notice_changed"):
                # The client must see the current text and consent again.
                data = request.POST.copy()
                data.pop("confirmed", None)
                data["notice_id"], data["notice_sha256"] = notice.pk, notice.text_sha256
                consent_form = ConsentForm(data, notice=notice)
                consent_form.is_valid()
                consent_form.add_error(None, NOTICE_CHANGED)
            return self.consent_step(contact_form, consent_form)
        subject = None
        if step == "consent":
            # Only now, after consent, look for the professional's own earlier clients.
            try:
                matches = find_own_clients(
                    request.user,
                    phone=contact_form.cleaned_data.get("phone", ""),
                    email=contact_form.cleaned_data.get("email", ""),
                )
            except LookupRateLimited as exc:
                messages.warning(request, exc.messages[0])
                matches = []
            except KeyUnavailable:
                return self.unavailable(Readiness(False, NO_KEYS).message)
            if matches:
                nonce = new_nonce()
                tokens = [issue_token(request.user, nonce, m) for m in matches]
                return self.client_step(
                    contact_form,
                    consent_form,
                    ClientChoiceForm(user=request.user, tokens=tokens, initial={"nonce": nonce}),
                )
        else:
            tokens = [t for t in request.POST.getlist("client_tokens") if t]
            choice_form = ClientChoiceForm(request.POST, user=request.user, tokens=tokens)
            if not choice_form.is_valid():
                return self.client_step(contact_form, consent_form, choice_form)
            subject = choice_form.subject
        try:
            referral = services.create_referral(
                activity=self.activity,
                professional=request.user,
                details=contact_form.details(),
                notice=notice,
                subject=subject,
                **consent_form.consent_kwargs(),
            )
        except KeyUnavailable:
            return self.unavailable(Readiness(False, NO_KEYS).message)
        except ValidationError as exc:
            consent_form.add_error(None, exc)
            return self.consent_step(contact_form, consent_form)
        if referral.unresolved_notification_failures:
            messages.warning(
                request,
                _(
                    "The referral was saved, but a notification could not be sent. "
                    "Contact the partner by phone or email, or tell the coordinator."
                ),
            )
        else:
            messages.success(request, _("The referral was sent."))
        return redirect("hyte_referrals:receipt", pk=referral.pk)

    @staticmethod
    def review(contact_form) -> RedactedList:
        """The typed details as the client hears them read back: (label, value)."""
        details = contact_form.details()
        rows = RedactedList()
        for name, field in contact_form.fields.items():
            value = details.get(name)
            if not value:
                continue
            choices = dict(getattr(field, "choices", ()) or ())
            rows.append((str(field.label), str(choices.get(value, value))))
        return rows

    def consent_step(self, contact_form, consent_form, step="consent", **context):
        return self.render_step(
            step,
            contact_form=contact_form,
            review=self.review(contact_form),
            consent_form=consent_form,
            notice=consent_form.notice,
            controller=data_controller(),
            categories=[DATA_CATEGORIES[c] for c in services._categories(contact_form.details())],
            **context,
        )

    def client_step(self, contact_form, consent_form, choice_form):
        return self.consent_step(contact_form, consent_form, step="client", choice_form=choice_form)


class MyReferralsView(ReferralIndexView):
    """The professional's own referrals, newest first, with the receipt and
    withdrawal links and any notification that could not be sent."""

    template_name = "wagtail_hyte/referrals/mine.html"
    page_title = gettext_lazy("My referrals")
    access_test = access.can_make_referrals
    index_url_name = "hyte_referrals:mine"
    index_results_url_name = "hyte_referrals:mine_results"
    filterset_class = ReferralFilterSet
    default_ordering = "-sent_at"
    export_filename = "my-referrals"

    @cached_property
    def columns(self):
        return own_referral_columns()

    @cached_property
    def empty_message(self):
        return _("You have not made any referrals yet.")

    def get_base_queryset(self):
        return (
            Referral.objects.filter(professional=self.request.user)
            .select_related("activity", "partner")
            .prefetch_related("notification_failures")
        )


class OwnReferralMixin:
    def get_referral(self):
        return get_object_or_404(
            Referral.objects.select_related(
                "activity", "partner", "agreement", "consent", "professional"
            ),
            pk=self.kwargs["pk"],
            professional=self.request.user,
        )


class ReceiptView(SensitiveDataMixin, OwnReferralMixin, HyteAdminMixin, TemplateView):
    template_name = "wagtail_hyte/referrals/receipt.html"
    page_title = gettext_lazy("Referral receipt")
    header_icon = "mail"
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
            **receipt_context(referral, contact),
        )
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Cache-Control"] = "no-store"
        return response


class WithdrawView(
    WithdrawConsentMixin, SensitiveDataMixin, OwnReferralMixin, HyteAdminMixin, TemplateView
):
    template_name = "wagtail_hyte/referrals/withdraw.html"
    page_title = gettext_lazy("Withdraw consent")
    header_icon = "mail"
    access_test = access.can_make_referrals
    withdraw_form_name = "form"
    withdrawn_message = gettext_lazy(
        "Consent withdrawn; the partner can no longer see the client's details."
    )
    withdrawn_url_name = "hyte_referrals:mine"

    def get(self, request, *args, **kwargs):
        self.referral = self.get_referral()
        return self.render_to_response(self.get_context_data(form=WithdrawForm()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["referral"] = self.referral
        return context
