"""The professional's admin home: find an activity, see one's own referrals.

A professional who does not know the activity starts here: the search goes to
the public catalogue (where "Make a referral" waits on each activity that can
take one), limited by default to activities that can take a referral now.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from wagtail_hyte.activities.models import ActivityIndexPage

from .catalogue import ReferralFilter
from .models import Referral
from .readiness import referrals_available

RECENT = 5


def catalogue_url(request) -> str | None:
    """The catalogue of the request's site (or the first live one)."""
    catalogues = ActivityIndexPage.objects.live().public().order_by("path")
    for catalogue in catalogues:
        if catalogue.get_site() is not None:
            return catalogue.get_url(request)
    return None


class ProfessionalHomePanel(Component):
    name = "hyte_professional_home"
    order = 50  # first on the professional's dashboard
    template_name = "wagtail_hyte/referrals/professional_home_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        own = Referral.objects.filter(professional=self.request.user)
        recent = own.select_related("activity", "partner").order_by("-sent_at", "-pk")[:RECENT]
        return {
            "panel_id": self.name,
            "title": _("Find an activity for a client"),
            "catalogue_url": catalogue_url(self.request),
            "referral_filter": ReferralFilter.name if referrals_available() else "",
            "open_count": own.open().count(),
            "overdue_count": own.overdue().count(),
            "recent": list(recent),
        }
