from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from wagtail_hyte.core.wagtail_hooks import MENU_HOOK

from .views import PERMISSION, UsageReportView


@hooks.register("register_admin_urls")
def register_urls():
    return [path("hyte/usage/", UsageReportView.as_view(), name="hyte_metrics_usage")]


class UsageMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register(MENU_HOOK)
def register_menu_item():
    return UsageMenuItem(
        _("Usage figures"),
        reverse("hyte_metrics_usage"),
        icon_name="view",
        order=400,
        name="hyte-usage",
    )
