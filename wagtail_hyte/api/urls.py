"""The one include a site adds (docs/api.md)::

    path("api/", include("wagtail_hyte.api.urls")),

which serves the REST API under ``api/hyte/v1/``, the HSDS 3.0 catalogue
under ``api/hsds/`` and the FHIR R4 resources under ``api/fhir/``.
"""

from django.urls import include, path

urlpatterns = [
    path("hyte/v1/", include("wagtail_hyte.api.v1.urls")),
    path("hsds/", include("wagtail_hyte.api.hsds.urls")),
    path("fhir/", include("wagtail_hyte.api.fhir.urls")),
]
