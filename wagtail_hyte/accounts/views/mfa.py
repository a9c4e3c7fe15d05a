"""The second factor pages: verification, enrolment, recovery codes.

What every sign-in page shares is in ``pages.py``; these are not Wagtail admin
URLs (see ``accounts/urls.py``). Each has a sign-out button.

New recovery codes are kept in the session between the action that made them
and the page that shows them, and removed from it once the user confirms they
have saved them (Post/Redirect/Get: reloading never makes new codes).
"""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_otp.plugins.otp_totp.models import TOTPDevice

from wagtail_hyte.core.adminviews import HyteAdminMixin
from wagtail_hyte.core.sensitive import RedactedList

from .. import mfa
from ..forms import AcknowledgeForm, ChangeFactorForm, CodeForm, EnrolCodeForm
from .pages import SignInPageView, safe_next, with_next

#: Session key: the recovery codes just made, until the user has saved them.
NEW_CODES_KEY = "_hyte_mfa_new_codes"


class VerifyView(SignInPageView):
    """Pass this session's second factor: a code from the authenticator app or
    a recovery code."""

    template_name = "wagtail_hyte_accounts/mfa_verify.html"

    @property
    def page_title(self):
        return _("Confirm it is you")

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            if not mfa.requires_second_factor(user, request) or mfa.is_verified(request):
                return HttpResponseRedirect(safe_next(request))
            if not mfa.has_confirmed_factor(user):
                return HttpResponseRedirect(
                    with_next("wagtail_hyte_accounts:enrol", safe_next(request))
                )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(form=CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                mfa.verify(request, form.cleaned_data["code"])
            except mfa.TooManyAttempts as error:
                logout(request)
                messages.error(request, error.messages[0])
                return HttpResponseRedirect(reverse("wagtailadmin_login"))
            except mfa.SecondFactorError as error:
                form.add_service_error(error)
            else:
                return HttpResponseRedirect(safe_next(request))
        return self.render(form=form)


class EnrolView(SignInPageView):
    """Set up an authenticator app: its QR code and secret, then its first code."""

    template_name = "wagtail_hyte_accounts/mfa_enrol.html"

    @property
    def page_title(self):
        return _("Set up your second factor")

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            if mfa.has_confirmed_factor(user):
                return HttpResponseRedirect(reverse("wagtail_hyte_accounts:recovery_codes"))
            if not mfa.requires_second_factor(user, request):
                return HttpResponseRedirect(safe_next(request))
        return super().dispatch(request, *args, **kwargs)

    def render_device(self, device: TOTPDevice, form):
        qr = segno.make(mfa.otpauth_url(device), error="m")
        return self.render(
            form=form,
            # The figure around it names it for assistive technology.
            qr_svg=qr.svg_inline(scale=4, border=4, dark="#000", light="#fff").replace(
                "<svg ", '<svg aria-hidden="true" focusable="false" ', 1
            ),
            secret=mfa.secret_for_display(device),
            issuer=mfa.issuer_name(),
            account=self.request.user.get_username(),
        )

    def get(self, request):
        return self.render_device(mfa.pending_enrolment(request.user), EnrolCodeForm())

    def post(self, request):
        user = request.user
        form = EnrolCodeForm(request.POST)
        device = mfa.current_enrolment(user)
        if device is None:
            # The secret on the page expired: a new one, to scan again.
            form = EnrolCodeForm()
            messages.warning(
                request, _("The setup took too long. Add the new code below to your app.")
            )
            return self.render_device(mfa.start_enrolment(user), form)
        if form.is_valid():
            try:
                codes = mfa.confirm_enrolment(user, device, form.cleaned_data["code"])
            except mfa.IllegalFactorChange:
                return HttpResponseRedirect(reverse("wagtail_hyte_accounts:recovery_codes"))
            except mfa.SecondFactorError as error:
                form.add_service_error(error)
            else:
                mfa.pass_after_enrolment(request, device)
                request.session[NEW_CODES_KEY] = list(codes)
                return HttpResponseRedirect(
                    with_next("wagtail_hyte_accounts:recovery_codes", safe_next(request))
                )
        return self.render_device(device, form)


class RecoveryCodesView(SignInPageView):
    """New recovery codes (once, until saved); for an enrolled, verified user
    also how many codes remain, renewing them and replacing the authenticator."""

    template_name = "wagtail_hyte_accounts/mfa_recovery_codes.html"

    @property
    def page_title(self):
        return _("Second factor")

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            enrolled = mfa.has_confirmed_factor(user)
            if not enrolled and mfa.requires_second_factor(user, request):
                return HttpResponseRedirect(
                    with_next("wagtail_hyte_accounts:enrol", safe_next(request))
                )
            if (
                enrolled
                and mfa.requires_second_factor(user, request)
                and not mfa.is_verified(request)
            ):
                return HttpResponseRedirect(
                    with_next("wagtail_hyte_accounts:verify", request.get_full_path())
                )
        return super().dispatch(request, *args, **kwargs)

    def new_codes(self):
        codes = self.request.session.get(NEW_CODES_KEY)
        return RedactedList(codes) if codes else None

    def show(self, **forms):
        codes = self.new_codes()
        if codes:
            return self.render(
                new_codes=codes,
                acknowledge_form=forms.get("acknowledge_form") or AcknowledgeForm(),
            )
        user = self.request.user
        return self.render(
            enrolled=mfa.has_confirmed_factor(user),
            codes_left=mfa.recovery_codes_left(user),
            renew_form=forms.get("renew_form") or ChangeFactorForm(prefix=ChangeFactorForm.RENEW),
            replace_form=forms.get("replace_form")
            or ChangeFactorForm(prefix=ChangeFactorForm.REPLACE),
        )

    def get(self, request):
        return self.show()

    def post(self, request):
        action = request.POST.get("action")
        if action == "saved" and self.new_codes():
            form = AcknowledgeForm(request.POST)
            if form.is_valid():
                request.session.pop(NEW_CODES_KEY, None)
                messages.success(request, _("Your second factor is ready."))
                return HttpResponseRedirect(safe_next(request))
            return self.show(acknowledge_form=form)
        if self.new_codes() or not mfa.has_confirmed_factor(request.user):
            return HttpResponseRedirect(request.get_full_path())
        if action == ChangeFactorForm.RENEW:
            return self.renew()
        if action == ChangeFactorForm.REPLACE:
            return self.replace()
        return HttpResponseRedirect(request.get_full_path())

    def _checked(self, form) -> bool:
        if not form.is_valid():
            return False
        try:
            mfa.check_code(self.request.user, form.cleaned_data["code"])
        except mfa.SecondFactorError as error:
            form.add_service_error(error)
            return False
        return True

    def renew(self):
        form = ChangeFactorForm(self.request.POST, prefix=ChangeFactorForm.RENEW)
        if not self._checked(form):
            return self.show(renew_form=form)
        codes = mfa.renew_recovery_codes(self.request.user)
        self.request.session[NEW_CODES_KEY] = list(codes)
        return HttpResponseRedirect(self.request.get_full_path())

    def replace(self):
        form = ChangeFactorForm(self.request.POST, prefix=ChangeFactorForm.REPLACE)
        if not self._checked(form):
            return self.show(replace_form=form)
        user = self.request.user
        mfa.remove_factors(user, by=user)
        mfa.forget_verification(self.request)
        messages.info(self.request, _("Your authenticator was removed. Set up the new one now."))
        return HttpResponseRedirect(
            with_next("wagtail_hyte_accounts:enrol", safe_next(self.request))
        )


class ResetFactorsView(HyteAdminMixin, TemplateView):
    """An administrator resets another user's second factor: GET asks for
    confirmation and changes nothing; POST removes the factors
    (``mfa.remove_factors``, ledgered) and the user enrols again at their
    next sign-in."""

    permission_required = "auth.change_user"
    template_name = "wagtail_hyte_accounts/mfa_reset.html"
    page_title = gettext_lazy("Reset second factor")
    header_icon = "key"

    @cached_property
    def target(self):
        # Loaded after the access check (dispatch), so nobody else learns which ids exist.
        try:
            user = get_user_model().objects.filter(pk=self.kwargs["pk"]).first()
        except (ValueError, ValidationError):
            user = None
        if user is None:
            raise Http404
        if not mfa.can_remove_factors(user, self.request.user):
            raise PermissionDenied
        return user

    def get_page_subtitle(self):
        return self.target.get_username()

    def get_parent_breadcrumbs_items(self):
        return [{"url": reverse("wagtailusers_users:index"), "label": _("Users")}]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "target": self.target,
            "enrolled": mfa.has_confirmed_factor(self.target),
            "codes_left": mfa.recovery_codes_left(self.target),
            "cancel_url": reverse("wagtailusers_users:index"),
        }

    def post(self, request, *args, **kwargs):
        removed = mfa.remove_factors(self.target, by=request.user)
        if removed:
            messages.success(
                request,
                _("The second factor was reset. The user sets up a new one at their next sign-in."),
            )
        else:
            messages.info(request, _("The user had no second factor."))
        return HttpResponseRedirect(reverse("wagtailusers_users:index"))
