"""The follow-up's own table: a monthly rollup of activity page views. Its Meta
also holds the Follow-up area's permission, ``view_follow_up``.

Nothing personal: a month, a page, whether the page offered a referral, and
sums. Written only by :func:`wagtail_hyte.followup.rollups.rebuild` (nightly for
the current and previous month, ``hyte_followup_rollup`` for a backfill).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ViewMonth(models.Model):
    """Views of one activity page in one local month, split by whether a
    referral was on offer on the day of the view.

    ``days``: the page's days in the month in that state (days since it was
    first published, up to the day of the rebuild), so views per page-day
    compare pages that offered a referral for part of a month fairly.
    ``comparable``: see ``rollups`` (only on rows with ``offered`` False).
    """

    month = models.DateField(_("month"))
    page = models.ForeignKey(
        "wagtail_hyte_activities.ActivityPage",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    offered = models.BooleanField(_("referral on offer"))
    # Not offered, and comparable: the page offered no referral in the month but
    # shares a theme and a municipality with a page that did (decided when rolled up).
    comparable = models.BooleanField(_("comparable to an offering activity"), default=False)
    views = models.PositiveIntegerField(_("page views"), default=0)
    days = models.PositiveSmallIntegerField(_("days"), default=0)

    class Meta:
        verbose_name = _("activity page views per month")
        verbose_name_plural = _("activity page views per month")
        default_permissions = ()
        # Given to coordinators and auditors (roles.py); every follow-up view asks for it.
        permissions = [("view_follow_up", _("Can view the follow-up figures"))]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "page", "offered"], name="hyte_followup_view_month_unique"
            )
        ]
        indexes = [
            models.Index(fields=["offered", "comparable", "month"], name="hyte_followup_vm_offered")
        ]

    def __str__(self):
        state = "offered" if self.offered else "not offered"
        return f"{self.month:%Y-%m} {self.page_id} {state}: {self.views}/{self.days}"
