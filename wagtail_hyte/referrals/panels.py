"""Dashboard panel for coordinators: referral notifications that failed recently."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from . import access
from .models import NotificationFailure

RECENT_DAYS = 7


def recent_failures(days: int = RECENT_DAYS):
    """Unresolved notification failures of the last ``days`` days, newest first."""
    since = timezone.now() - timedelta(days=days)
    return NotificationFailure.objects.filter(failed_at__gte=since, resolved_at__isnull=True)


def sees_notification_failures(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or user.has_perm(access.FIGURES))
    )


class NotificationFailuresPanel(Component):
    name = "hyte_notification_failures"
    order = 140
    template_name = "wagtail_hyte/referrals/notification_failures_panel.html"

    def get_context_data(self, parent_context):
        failures = list(
            recent_failures().select_related("referral__activity", "referral__partner")[:50]
        )
        return {
            "panel_id": self.name,
            "title": _("Referral notifications that failed in the last %(days)s days")
            % {"days": RECENT_DAYS},
            "failures": failures,
        }
