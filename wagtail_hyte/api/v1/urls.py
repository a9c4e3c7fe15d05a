"""The REST API, version 1 (``api/hyte/v1/``): one module per resource family."""

from django.urls import include, path

app_name = "hyte_api_v1"

urlpatterns = [
    path("", include("wagtail_hyte.api.v1.catalogue.urls")),
]
