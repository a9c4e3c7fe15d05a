from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from wagtail_hyte.core.adminviews import admin_urls, register_menu_item

from .panels import FollowUpPanel
from .views import FollowUpIndexView, MeasureReportView, YearlyReportView


@hooks.register("register_admin_urls")
def register_urls():
    return [
        admin_urls(
            "hyte/follow-up/",
            "hyte_followup",
            [
                path("", FollowUpIndexView.as_view(), name="index"),
                # Before <measure>/: "yearly" is no measure.
                path("yearly/", YearlyReportView.as_view(), name="yearly"),
                path("<slug:measure>/", MeasureReportView.as_view(), name="measure"),
                path(
                    "<slug:measure>/by/<slug:by>/",
                    MeasureReportView.as_view(),
                    name="breakdown",
                ),
            ],
        )
    ]


register_menu_item(
    _("Follow-up"),
    "hyte_followup:index",
    view=FollowUpIndexView,
    icon_name="table",
    order=405,
    name="hyte-follow-up",
)


@hooks.register("construct_homepage_panels")
def add_follow_up_panel(request, panels):
    if FollowUpIndexView.user_has_access(request.user):
        panels.append(FollowUpPanel())
