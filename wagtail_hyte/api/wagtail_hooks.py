from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from wagtail_hyte.core.adminviews import admin_urls, register_menu_item

from .admin_views import TokenCreateView, TokenIndexView, TokenRevokeView


@hooks.register("register_admin_urls")
def register_token_urls():
    return [
        admin_urls(
            "hyte/api-tokens/",
            "hyte_api_tokens",
            [
                path("", TokenIndexView.as_view(), name="index"),
                path("results/", TokenIndexView.as_view(results_only=True), name="index_results"),
                path("new/", TokenCreateView.as_view(), name="add"),
                path("<int:pk>/revoke/", TokenRevokeView.as_view(), name="revoke"),
            ],
        )
    ]


register_menu_item(
    _("API tokens"),
    "hyte_api_tokens:index",
    view=TokenIndexView,
    name="hyte-api-tokens",
    icon_name="key",
    order=600,
)
