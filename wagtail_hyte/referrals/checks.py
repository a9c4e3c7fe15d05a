"""System check: referral notifications failed recently (runs with database checks,
e.g. ``manage.py check --database default`` and before ``migrate``)."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


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
