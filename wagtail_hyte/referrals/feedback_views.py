"""The public client feedback form (``feedback_urls.py``), outside the admin.

The page speaks the invitation's language. An unknown and a used link get the
same "not valid" page (404), so tokens cannot be probed; an expired one says
so (410). The token never reaches a log: Django's request logger is told the
response is logged already, the CSRF check is Django's own but without its
log line (which names the path), the redirect after answering leads to a page
without the token, and every page is ``no-store`` with ``Referrer-Policy:
same-origin``: no other site ever sees the address. (``no-referrer`` would
make browsers send ``Origin: null`` with the form, which Django's CSRF check
refuses.)
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from wagtail_hyte.core.conf import hyte_settings

from .feedback import (
    USEFULNESS_VALUES,
    InvitationInvalid,
    answer_feedback,
    find_invitation,
    validate_answer,
)
from .feedback_models import COMMENT_MAX, Contacted, TookPart

NO_PERSONAL_DATA = _(
    "Do not write your name, contact details or anything about your health here. "
    "The answer is anonymous: do not write anything that could identify you or someone else."
)


class FeedbackForm(forms.Form):
    """The client's answer. The rules are ``feedback.validate_answer``'s; ``clean``
    calls it and puts its errors on the fields."""

    contacted = forms.ChoiceField(
        label=_("Did the organiser contact you after the referral?"),
        choices=Contacted.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    took_part = forms.ChoiceField(
        label=_("Did you take part in the activity?"),
        choices=TookPart.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    usefulness = forms.TypedChoiceField(
        label=_("How useful was the activity for you?"),
        choices=[(n, str(n)) for n in USEFULNESS_VALUES],
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "1 = not useful at all, 5 = very useful. Leave it empty if you did not take part."
        ),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": COMMENT_MAX, "autocomplete": "off"}),
        help_text=NO_PERSONAL_DATA,
    )

    def clean(self):
        data = super().clean()
        try:
            validate_answer(
                contacted=data.get("contacted") or "",
                took_part=data.get("took_part") or "",
                usefulness=data.get("usefulness"),
                comment=data.get("comment") or "",
            )
        except ValidationError as exc:
            for name, errors in exc.error_dict.items():
                if name not in self.errors:
                    self.add_error(name if name in self.fields else None, errors)
        return data

    def answer(self) -> dict:
        data = self.cleaned_data
        return {
            "contacted": data["contacted"],
            "took_part": data["took_part"],
            "usefulness": data.get("usefulness"),
            "comment": data.get("comment") or "",
        }


def _private(response, language: str = ""):
    """No caching, no referrer, no indexing, nothing logged by Django."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    if language:
        response["Content-Language"] = language
    # django.request logs every 4xx with the path, which holds the token.
    response._has_been_logged = True
    return response


def _context(**extra) -> dict:
    from wagtail_hyte.activities.extensions import base_template

    return {"hyte_base_template": base_template(), **extra}


def _invalid(request, *, expired: bool):
    response = render(
        request,
        "wagtail_hyte/referrals/feedback_invalid.html",
        _context(expired=expired),
        status=410 if expired else 404,
    )
    return _private(response, translation.get_language())


class _QuietCsrfCheck(CsrfViewMiddleware):
    """Django's CSRF check, without its "Forbidden (...): <path>" log line: the
    path holds the token."""

    def _reject(self, request, reason):
        return HttpResponseForbidden()


def _csrf_refused(request) -> bool:
    """Whether Django's CSRF check refuses ``request``. ``process_view`` only reads
    the view's ``csrf_exempt`` flag; this function stands in as a view without
    it and is not called."""
    check = _QuietCsrfCheck(lambda request: None)
    return check.process_view(request, _csrf_refused, (), {}) is not None


@csrf_exempt  # checked in the view by _csrf_refused: the same check, not logged
@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("comment")
@sensitive_variables("token")
def feedback_form(request, token: str):
    """GET shows the form (the link stays valid); POST stores the answer and uses
    the link up."""
    try:
        invitation = find_invitation(token)
    except InvitationInvalid as exc:
        return _invalid(request, expired=exc.expired)
    language = invitation.language
    with translation.override(language):
        if request.method == "POST" and _csrf_refused(request):
            response = render(
                request,
                "wagtail_hyte/referrals/feedback_invalid.html",
                _context(csrf_failed=True),
                status=403,
            )
            return _private(response, language)
        form = FeedbackForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                answer_feedback(token, **form.answer())
            except InvitationInvalid as exc:  # used meanwhile (another tab) or just expired
                return _invalid(request, expired=exc.expired)
            return _private(redirect("hyte_feedback:thanks", language=language), language)
        response = render(
            request,
            "wagtail_hyte/referrals/feedback_form.html",
            _context(
                form=form,
                activity_title=invitation.activity.title,
                partner_name=invitation.partner.name,
                comment_max=COMMENT_MAX,
            ),
        )
    return _private(response, language)


@require_http_methods(["GET", "HEAD"])
def thanks(request, language: str):
    if language not in hyte_settings.LANGUAGES:
        raise Http404
    with translation.override(language):
        response = render(request, "wagtail_hyte/referrals/feedback_thanks.html", _context())
    return _private(response, language)
