"""The partner's referral inbox: list, detail, reveal contact details, accept, outcome,
withdrawal of consent.

Revealing follows post/redirect/get: "Show contact details" (and accepting) only
check and grant, the page view after the redirect does the one ledgered read
(``grant_reveal``, ``take_reveal``), so a reload or the back button reads nothing.

Contact details also need a recent sign-in (``core.reauth``,
``REAUTHENTICATE_AFTER``). When it is older, "Show contact details" grants the
reveal for ``REAUTH_GRANT_SECONDS`` and sends the user to *Confirm it is you*,
which returns to the referral page: the page view after the confirmation
reads, so the details are shown without another click. Accepting is not held
back (it shows nothing by itself and a partner must be able to take a referral
on): the referral is accepted, and the reveal that comes with it waits for the
confirmation in the same way. The page view reads only while the sign-in is
recent: a grant used after the window has passed reads nothing.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.reports import ReportView

from wagtail_hyte.agreements.models import PartnerAgreement
from wagtail_hyte.agreements.services import quota_statuses
from wagtail_hyte.core.adminviews import HyteAdminMixin
from wagtail_hyte.core.periods import local_date
from wagtail_hyte.core.reauth import (
    needs_reauthentication,
    not_mounted_message,
    reauthentication_url,
    required_message,
)
from wagtail_hyte.core.sensitive import RedactedList, RedactedText, SensitiveDataMixin
from wagtail_hyte.core.staff import work_contact
from wagtail_hyte.ledger.models import ContactMethod
from wagtail_hyte.ledger.services import DecryptionError, ReadRefused

from .. import access, services
from ..columns import FIGURE_EXPORT, ShownFigures, figure_columns, figures_table, inbox_columns
from ..errors import PartnerAccessCut
from ..figures import partner_figures
from ..filters import InboxFilterSet
from ..forms import ContactAttemptForm, OutcomeForm, WithdrawForm, language_choices
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
            context["quota_use"] = quota_use(access.handled_partners(self.request.user))
        return context


def quota_use(partners) -> list[dict]:
    """The partners' agreements in force today with this period's quota use (two
    queries): what the welfare area sees of the partner's capacity. Operational,
    like "referrals left" on the referral form, so the counts are exact."""
    agreements = list(
        PartnerAgreement.objects.in_force(local_date())
        .filter(partner__in=partners)
        .select_related("partner")
        .order_by("partner__name", "valid_from")
    )
    statuses = quota_statuses(agreements)
    return [{"agreement": agreement, "status": statuses[agreement.pk]} for agreement in agreements]


#: The session key of the pending reveals (see ``grant_reveal``).
REVEAL_SESSION_KEY = "hyte_referrals_reveal"
#: How long the page view after "Show contact details" (or accepting) may read
#: the details. The browser follows the redirect at once; an unused grant expires.
REVEAL_GRANT_SECONDS = 120
#: A reveal asked for while the sign-in is too old waits this long for *Confirm
#: it is you* (typing a password and a code) before it expires unused.
REAUTH_GRANT_SECONDS = 600


def grant_reveal(request, referral, seconds: int | None = None) -> None:
    """Let the next page view of ``referral`` by this user read the contact details once.

    Post/redirect/get: the POST only checks (``services.check_reveal``) and
    grants; the GET after the redirect does the ledgered read and shows the
    details in that response only. The grant lives in the server-side session
    (the referral's id, the user's id and an expiry time; no personal data) and
    never in the URL. It is used up by the first page view of the referral,
    so reloading the page, going back or opening it again reads nothing.
    It expires unused after ``seconds`` (``REVEAL_GRANT_SECONDS`` by default;
    ``REAUTH_GRANT_SECONDS`` while it waits for *Confirm it is you*).
    """
    now = timezone.now().timestamp()
    grants = {
        key: value
        for key, value in request.session.get(REVEAL_SESSION_KEY, {}).items()
        if value[1] > now
    }
    lifetime = REVEAL_GRANT_SECONDS if seconds is None else seconds
    grants[str(referral.pk)] = [request.user.pk, now + lifetime]
    request.session[REVEAL_SESSION_KEY] = grants


def take_reveal(request, referral) -> bool:
    """Use up this user's grant for ``referral``: True if there was a live one."""
    grants = request.session.get(REVEAL_SESSION_KEY)
    if not grants or str(referral.pk) not in grants:
        return False
    user_pk, expires = grants.pop(str(referral.pk))
    request.session[REVEAL_SESSION_KEY] = grants
    return user_pk == request.user.pk and expires > timezone.now().timestamp()


def contact_rows(contact) -> RedactedList:
    """The revealed details as (label, text, link), codes in words.

    The contact method is its ``ContactMethod`` label and the language the name
    the referral form offered (``forms.language_choices``); empty fields are left out.
    """
    languages = dict(language_choices())
    methods = dict(ContactMethod.choices)
    rows = [
        (_("Name"), contact.name, ""),
        (_("Phone number"), contact.phone, f"tel:{contact.phone}"),
        (_("Email address"), contact.email, f"mailto:{contact.email}"),
        (
            _("Preferred contact method"),
            methods.get(contact.contact_method, contact.contact_method),
            "",
        ),
        (_("Preferred contact time"), contact.contact_time, ""),
        (_("Language"), languages.get(contact.language, contact.language), ""),
        (_("Note"), contact.note, ""),
    ]
    return RedactedList((label, str(text), link) for label, text, link in rows if text)


class InboxDetailView(SensitiveDataMixin, HyteAdminMixin, TemplateView):
    """The partner's referral page. It shows the client's contact details only in
    the page view that follows "Show contact details" or accepting (``take_reveal``),
    each showing one ledgered read; every response is ``no-store``."""

    template_name = "wagtail_hyte/referrals/inbox_detail.html"
    page_title = gettext_lazy("Referral")
    header_icon = "mail"
    access_test = access.can_handle_referrals

    def get_referral(self):
        return get_object_or_404(
            access.inbox_queryset(self.request.user).select_related(
                "activity", "partner", "professional"
            ),
            pk=self.kwargs["pk"],
        )

    def get_page_subtitle(self):
        return self.referral.short_reference

    def get(self, request, *args, **kwargs):
        self.referral = self.get_referral()
        if not take_reveal(request, self.referral):
            return self.render_to_response(self.get_context_data())
        if needs_reauthentication(request):
            # The sign-in grew too old between the grant and this page view (or
            # the confirmation was skipped): nothing is read; asking again leads
            # to *Confirm it is you*.
            mounted = reauthentication_url(request, self.page_url()) is not None
            messages.warning(request, required_message() if mounted else not_mounted_message())
            return self.render_to_response(self.get_context_data())
        try:
            contact = services.reveal_contact(self.referral, user=request.user)
        except PermissionDenied as exc:
            return self.refused(exc)
        return self.render_to_response(self.get_context_data(contact=contact))

    def refused(self, exc: PermissionDenied):
        """The page with why the details are not shown (the service ledgered the refusal)."""
        if exc.args:
            return self.render_to_response(self.get_context_data(refused=str(exc.args[0])))
        # Not the receiving partner's staff (e.g. a superuser): 403.
        refused = _("Only the staff of the receiving partner can see the client's contact details.")
        return self.render_to_response(self.get_context_data(refused=refused), status=403)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    def page_url(self):
        return reverse("hyte_referrals:inbox_detail", args=[self.referral.pk])

    def reauthenticate(self):
        """The reveal waits for *Confirm it is you*, which returns to the page.

        Without the confirmation page (``wagtail_hyte.accounts.urls`` not
        mounted) the details are refused until the user signs in again.
        """
        url = reauthentication_url(self.request, self.page_url())
        if url is None:
            messages.error(self.request, not_mounted_message())
            return redirect(self.page_url())
        grant_reveal(self.request, self.referral, REAUTH_GRANT_SECONDS)
        messages.info(self.request, required_message())
        return redirect(url)

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
                note = RedactedText(note) if note else note
            except (ReadRefused, DecryptionError):
                note_refused = _("The note can no longer be shown: the data has been erased.")
        contact = kwargs.get("contact")
        attempts = list(referral.contact_attempts.select_related("recorded_by"))
        context.update(
            referral=referral,
            referrer=work_contact(referral.professional),
            member=member,
            access_cut=reveal_cut and services.CUT_MESSAGES[reveal_cut],
            can_reveal=member and not reveal_cut,
            can_accept=member and not reveal_cut and "accept" in allowed,
            can_report=member and not outcome_cut and referral.is_open,
            can_withdraw=member and "withdraw" in allowed,
            outcome_form=kwargs.get("outcome_form") or OutcomeForm(),
            attempt_form=kwargs.get("attempt_form") or ContactAttemptForm(),
            attempts=attempts,
            attempt_summary=attempt_summary(attempts),
            withdraw_form=kwargs.get("withdraw_form") or WithdrawForm(),
            contact=contact,
            contact_rows=contact_rows(contact) if contact else [],
            refused=kwargs.get("refused"),
            note=note,
            note_refused=note_refused,
        )
        return context


class ReferralActionMixin:
    """An action on the referral page: POST does it; a typed-in GET of the action's
    URL goes to the page (another partner's referral is "not found" either way)."""

    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        self.referral = InboxDetailView.get_referral(self)
        return redirect(self.page_url())


class RevealView(ReferralActionMixin, InboxDetailView):
    """ "Show contact details": checks and grants; the page view after the redirect reads."""

    def get_referral(self):
        try:
            return super().get_referral()
        except Http404:
            # Another partner's referral: "not found" as before, but the attempt is ledgered.
            services.refuse_reveal_of_other(self.request.user, pk=self.kwargs["pk"])
            raise

    def post(self, request, *args, **kwargs):
        self.referral = self.get_referral()
        try:
            services.check_reveal(self.referral, user=request.user)
        except PermissionDenied as exc:
            return self.refused(exc)
        if needs_reauthentication(request):
            return self.reauthenticate()
        grant_reveal(request, self.referral)
        return redirect(self.page_url())


class AcceptView(ReferralActionMixin, InboxDetailView):
    """Accepting shows the contact details once: the page view after it reads them."""

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
            if needs_reauthentication(request):
                return self.reauthenticate()
            grant_reveal(request, self.referral)
        return redirect(self.page_url())


class OutcomeView(ReferralActionMixin, InboxDetailView):
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
                return redirect(self.page_url())
        return self.render_to_response(self.get_context_data(outcome_form=form))


class ContactAttemptView(ReferralActionMixin, InboxDetailView):
    """Log an attempt to reach the client."""

    def post(self, request, *args, **kwargs):
        self.referral = self.get_referral()
        form = ContactAttemptForm(request.POST)
        if form.is_valid():
            try:
                services.log_contact_attempt(
                    self.referral,
                    user=request.user,
                    method=form.cleaned_data["method"],
                    result=form.cleaned_data["result"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except PartnerAccessCut as exc:
                form.add_error(None, str(exc.args[0]))
            else:
                messages.success(request, _("Contact attempt logged."))
                return redirect(self.page_url())
        return self.render_to_response(self.get_context_data(attempt_form=form))


def attempt_summary(attempts) -> str:
    """ "Tried 3 times: 2 phone calls, 1 text message", or ""."""
    if not attempts:
        return ""
    counts: dict[str, int] = {}
    for attempt in attempts:
        counts[attempt.get_method_display()] = counts.get(attempt.get_method_display(), 0) + 1
    parts = ", ".join(f"{label} × {n}" for label, n in counts.items())
    return ngettext(
        "Tried %(count)s time (%(parts)s).", "Tried %(count)s times (%(parts)s).", len(attempts)
    ) % {"count": len(attempts), "parts": parts}


class PartnerWithdrawView(ReferralActionMixin, WithdrawConsentMixin, InboxDetailView):
    """The receiving partner records that the client withdrew consent."""

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
        return [ShownFigures(f) for f in partner_figures(referrals)]

    def get_context_data(self, *args, **kwargs):
        from wagtail_hyte.partners.models import Partner

        from ..feedback import partner_feedback_tables

        context = super().get_context_data(*args, **kwargs)
        if self.is_export:
            return context
        user = self.request.user
        if user.has_perm(access.FIGURES) or user.is_superuser:
            partners = Partner.objects.all()
        else:
            partners = access.handled_partners(user)
        # Client feedback (feedback.py): counts only, small cells hidden, no comments.
        context["feedback_tables"] = partner_feedback_tables(partners)
        return context

    def get_filename(self):
        return f"referral-figures-{local_date().isoformat()}"
