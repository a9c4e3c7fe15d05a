"""System checks of the referrals app. They run with the database checks
(``manage.py check --database default``, and before ``migrate``):

- hyte_referrals.W001  referral notifications failed recently and were not sent since
- hyte_referrals.W002  a language of ``WAGTAIL_HYTE["LANGUAGES"]`` has no "referral"
  consent notice
- hyte_referrals.W003  client feedback is on (``FEEDBACK_ENABLED``) but the site's
  URLs do not include ``wagtail_hyte.referrals.feedback_urls``

Warnings, not errors: an error in a database check would block the very
``migrate`` that creates the tables and the default notices.
"""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError
from django.urls import NoReverseMatch, reverse

from wagtail_hyte.core.conf import hyte_settings

# Imported here so that its per-request memo is connected when the app is ready.
from . import readiness  # noqa: F401


@register(Tags.database)
def check_notification_failures(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    from .panels import RECENT_DAYS, recent_failures

    try:
        count = recent_failures().count()
    except DatabaseError:  # not migrated yet
        return []
    if not count:
        return []
    return [
        Warning(
            f"{count} referral notification(s) failed in the last {RECENT_DAYS} days and "
            "were not sent since.",
            hint="See the admin dashboard (coordinators) and the mail, template and SMS "
            "settings; professionals see the failure in My referrals.",
            id="hyte_referrals.W001",
        )
    ]


@register(Tags.database)
def check_consent_notices(app_configs=None, databases=None, **kwargs):
    """W002 for each configured language without a "referral" consent notice."""
    if not databases:
        return []
    from wagtail_hyte.core.conf import hyte_settings
    from wagtail_hyte.ledger.models import ConsentNotice

    from .notices import NOTICE_KEY

    try:
        present = set(
            ConsentNotice.objects.filter(key=NOTICE_KEY).values_list("language", flat=True)
        )
    except DatabaseError:  # the ledger's table does not exist yet
        return []
    return [
        Warning(
            f'No "{NOTICE_KEY}" consent notice in language "{language}": clients who '
            "speak it are shown the first language's notice, or no referral can be made "
            "at all.",
            hint="A coordinator adds one under HYTE → Consent notices, or run "
            "`manage.py migrate` (it publishes the default notices).",
            id="hyte_referrals.W002",
        )
        for language in hyte_settings.LANGUAGES
        if language not in present
    ]


@register(Tags.urls)
def check_feedback_urls(app_configs=None, **kwargs):
    if not hyte_settings.FEEDBACK_ENABLED:
        return []
    try:
        reverse("hyte_feedback:form", kwargs={"token": "x" * 43})
    except NoReverseMatch:
        return [
            Warning(
                "Client feedback is on, but the feedback form has no address: every "
                "feedback request will fail.",
                hint='Add path("hyte/palaute/", include("wagtail_hyte.referrals.feedback_urls")) '
                'to your urls.py, or set WAGTAIL_HYTE["FEEDBACK_ENABLED"] = False.',
                id="hyte_referrals.W003",
            )
        ]
    return []
