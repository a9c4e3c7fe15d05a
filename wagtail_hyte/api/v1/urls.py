"""The REST API, version 1 (``api/hyte/v1/``): one package per resource family."""

from django.urls import include, path

app_name = "hyte_api_v1"

urlpatterns = [
    path("", include("wagtail_hyte.api.v1.catalogue.urls")),
    path("", include("wagtail_hyte.api.v1.agreements.urls")),
    path("", include("wagtail_hyte.api.v1.referrals.urls")),
    path("", include("wagtail_hyte.api.v1.recommendations.urls")),
    path("", include("wagtail_hyte.api.v1.ledger.urls")),
    path("", include("wagtail_hyte.api.v1.followup.urls")),
]
