"""The follow-up figures (``api/hyte/v1/followup/``), served only where
``wagtail_hyte.followup`` is installed (elsewhere its addresses answer 404),
and the partners' own response figures (``api/hyte/v1/partner-figures/``),
which need only the referrals app."""

from django.apps import apps
from django.urls import path

from .partner_figures import PartnerFiguresView


def followup_patterns() -> list:
    """The follow-up's URL patterns; none without the app (its views import it)."""
    if not apps.is_installed("wagtail_hyte.followup"):
        return []
    from . import views

    return [
        path("followup/", views.MeasureListView.as_view(), name="followup_measures"),
        path(
            "followup/measures/<slug:measure>/",
            views.MeasureDetailView.as_view(),
            name="followup_measure",
        ),
        path(
            "followup/measures/<slug:measure>/by/<slug:by>/",
            views.BreakdownView.as_view(),
            name="followup_breakdown",
        ),
        path("followup/yearly/", views.YearlyReportAPIView.as_view(), name="followup_yearly"),
    ]


urlpatterns = [
    path("partner-figures/", PartnerFiguresView.as_view(), name="partner_figures"),
    *followup_patterns(),
]
