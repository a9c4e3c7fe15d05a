from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from wagtail_hyte.core.adminviews import admin_urls, register_menu_item

from .views import UsageReportView


@hooks.register("register_admin_urls")
def register_urls():
    # The address stays /admin/hyte/usage/ (bookmarks); the names are hyte_metrics:*.
    return [
        admin_urls(
            "hyte/usage/", "hyte_metrics", [path("", UsageReportView.as_view(), name="usage")]
        )
    ]


register_menu_item(
    _("Usage figures"),
    "hyte_metrics:usage",
    view=UsageReportView,
    icon_name="view",
    order=400,
    name="hyte-usage",
)
