"""A shorter session for everyone who can reveal or read personal data.

Django's ``SESSION_COOKIE_AGE`` (two weeks by default) suits editors; the
professionals, partner staff, coordinators, auditors and superusers get
``WAGTAIL_HYTE["PERSONAL_DATA_SESSION_AGE"]`` seconds (8 hours by default) from
the moment they sign in, however they sign in ("remember me" included). ``None``
leaves the site's own session age.

The ``user_logged_in`` receiver sets the deadline; ``PersonalDataSessionMiddleware``
(after ``AuthenticationMiddleware``) keeps it when a view changes the expiry
afterwards, as Wagtail's login view does.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from .conf import hyte_settings
from .roles import AUDITOR, COORDINATOR, PARTNER_STAFF, PROFESSIONAL, has_role

PERSONAL_DATA_ROLES = (PROFESSIONAL, PARTNER_STAFF, COORDINATOR, AUDITOR)


def reads_personal_data(user) -> bool:
    """Superusers and the roles that can reveal or read personal data."""
    return has_role(user, *PERSONAL_DATA_ROLES)  # has_role is True for superusers


DEADLINE_KEY = "_hyte_session_deadline"


def _apply(session, deadline: datetime) -> None:
    if session.get("_session_expiry") != deadline.isoformat():
        session.set_expiry(deadline)


@receiver(user_logged_in, dispatch_uid="wagtail_hyte_personal_data_session_age")
def shorten_session(sender, request, user, **kwargs):
    age = hyte_settings.PERSONAL_DATA_SESSION_AGE
    session = getattr(request, "session", None)
    if age and session is not None and reads_personal_data(user):
        deadline = timezone.now() + timedelta(seconds=int(age))
        session[DEADLINE_KEY] = deadline.isoformat()
        _apply(session, deadline)


class PersonalDataSessionMiddleware:
    """Keeps the sign-in deadline of personal-data roles whatever a view set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        raw = session.get(DEADLINE_KEY) if session is not None else None
        if raw:
            try:
                _apply(session, datetime.fromisoformat(raw))
            except ValueError:
                session.flush()
        return response
