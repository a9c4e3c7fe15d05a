"""Making a referral through the API: the admin's referral form in one request.

``make_referral`` takes the steps ``referrals.views.professional.ReferralCreateView``
takes, in its order, with its forms and services, so a referral made here is
the same referral, with the same ledger entries, as one made in the admin:

1. whether the activity can take a referral now (``referrals_available``,
   ``referral_offer``), before any detail is looked at;
2. the contact details (``ContactForm``, whose rules are ``ledger.contact.clean_contact``);
3. the consent notice for the client's language (``notice_for``) and the
   consent (``ConsentForm``: the notice shown, how consent was given, confirmed);
4. without ``client``: the lookup of the professional's own earlier clients
   (``lookup.find_own_clients``, ledgered and rate-limited). When it finds
   some, the caller chooses (``ClientChoice``) and sends the request again
   with ``client`` ("new" or a token) and ``nonce``; with them the choice is
   ``ClientChoiceForm``'s and no new lookup is made, as in the admin;
5. ``services.create_referral``: one transaction, or nothing at all.

Every refusal is a ``ValidationError`` naming the field it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wagtail_hyte.activities.models import ActivityPage
from wagtail_hyte.agreements.availability import referral_offer
from wagtail_hyte.core.sensitive import sensitive_variables
from wagtail_hyte.referrals import services
from wagtail_hyte.referrals.forms import ClientChoiceForm, ConsentForm, ContactForm
from wagtail_hyte.referrals.lookup import (
    LookupRateLimited,
    find_own_clients,
    issue_token,
    new_nonce,
)
from wagtail_hyte.referrals.notices import notice_for
from wagtail_hyte.referrals.readiness import NO_NOTICE, Readiness, referrals_available


@dataclass
class ClientChoice:
    """The professional has earlier clients with this phone number or email:
    ``options`` are (client, label) pairs, "new" first, for ``ClientChoiceForm``."""

    nonce: str
    options: list[tuple[str, str]]


@dataclass
class Made:
    referral: object
    warnings: list[str] = field(default_factory=list)


def _form_errors(form) -> ValidationError:
    return ValidationError(form.errors.as_data())


def _activity(activity_id):
    activity = ActivityPage.objects.live().filter(pk=activity_id).first()
    if activity is None:
        raise ValidationError(
            {"activity": ValidationError(_("No such activity."), code="not_found")}
        )
    return activity


def _check_available(activity) -> None:
    """As ``ReferralCreateView.refusal``: why no referral can be made now."""
    readiness = referrals_available()
    if not readiness:
        raise ValidationError(readiness.message, code=readiness.reason)
    offer = referral_offer(activity)
    if offer is None:
        message = _("This activity cannot take referrals: no partner agreement in force covers it.")
        raise ValidationError({"activity": ValidationError(message, code="no_agreement")})
    if not offer.available:
        code = "intake_paused" if offer.pause is not None else "quota_full"
        raise ValidationError({"activity": ValidationError(offer.unavailable_message(), code=code)})


def _client_choice(user, matches) -> ClientChoice:
    nonce = new_nonce()
    tokens = [issue_token(user, nonce, match) for match in matches]
    choices = ClientChoiceForm(user=user, tokens=tokens).fields["client"].widget.choices
    return ClientChoice(nonce, [(value, str(label)) for value, label in choices])


@sensitive_variables()
def make_referral(user, data: dict) -> Made | ClientChoice:
    """Make a referral from ``data`` (``serializers.ReferralCreateSerializer``'s values)
    as ``user``, a professional; or the client choice to make first."""
    activity = _activity(data.get("activity"))
    _check_available(activity)
    contact_form = ContactForm(data)
    if not contact_form.is_valid():
        raise _form_errors(contact_form)
    language = contact_form.cleaned_data["language"]
    readiness = referrals_available(language)
    if not readiness:
        raise ValidationError(readiness.message, code=readiness.reason)
    notice = notice_for(language)
    if notice is None:  # deleted since the readiness check
        raise ValidationError(Readiness(False, NO_NOTICE).message, code=NO_NOTICE)
    consent_form = ConsentForm(data, notice=notice)
    if not consent_form.is_valid():
        raise _form_errors(consent_form)
    warnings = []
    subject = None
    if not data.get("client"):
        try:
            matches = find_own_clients(
                user,
                phone=contact_form.cleaned_data.get("phone", ""),
                email=contact_form.cleaned_data.get("email", ""),
            )
        except LookupRateLimited as exc:
            warnings.append(exc.messages[0])
            matches = []
        if matches:
            return _client_choice(user, matches)
    else:
        choice_form = ClientChoiceForm(data, user=user)
        if not choice_form.is_valid():
            raise _form_errors(choice_form)
        subject = choice_form.subject
    referral = services.create_referral(
        activity=activity,
        professional=user,
        details=contact_form.details(),
        notice=notice,
        subject=subject,
        **consent_form.consent_kwargs(),
    )
    if referral.unresolved_notification_failures:  # the admin's words for it
        warnings.append(
            _(
                "The referral was saved, but a notification could not be sent. "
                "Contact the partner by phone or email, or tell the coordinator."
            )
        )
    return Made(referral, warnings)
