"""The REST API, version 1 (``api/hyte/v1/``): one package per resource family."""

from django.urls import include, path, re_path

from wagtail_hyte.api.base import UnknownPathView

app_name = "hyte_api_v1"

urlpatterns = [
    path("", include("wagtail_hyte.api.v1.catalogue.urls")),
    path("", include("wagtail_hyte.api.v1.agreements.urls")),
    path("", include("wagtail_hyte.api.v1.referrals.urls")),
    path("", include("wagtail_hyte.api.v1.recommendations.urls")),
    path("", include("wagtail_hyte.api.v1.ledger.urls")),
    path("", include("wagtail_hyte.api.v1.followup.urls")),
    path("", include("wagtail_hyte.api.v1.schema_urls")),
    # Any other path: a JSON "not found" (excluded from the schema).
    re_path(r"^.*$", UnknownPathView.as_view(), name="unknown"),
]
