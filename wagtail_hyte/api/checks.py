"""System checks of the API app:

- hyte_api.E001  ``HSDS_ID_NAMESPACE`` is set but is not a UUID
- hyte_api.W001  the site's URLs do not include ``wagtail_hyte.api.urls``
"""

import uuid

from django.core.checks import Error, Warning, register
from django.urls import NoReverseMatch, reverse

from wagtail_hyte.core.conf import hyte_settings


@register()
def check_hsds_namespace(app_configs=None, **kwargs):
    value = hyte_settings.HSDS_ID_NAMESPACE
    if not value:
        return []
    try:
        uuid.UUID(str(value))
    except ValueError:
        return [
            Error(
                'WAGTAIL_HYTE["HSDS_ID_NAMESPACE"] is not a UUID.',
                hint="Set it to a UUID (python -c 'import uuid; print(uuid.uuid4())'), once, "
                "before the catalogue is first published, or leave it empty.",
                id="hyte_api.E001",
            )
        ]
    return []


@register()
def check_api_urls(app_configs=None, **kwargs):
    try:
        reverse("hyte_hsds:root")
    except NoReverseMatch:
        return [
            Warning(
                "wagtail_hyte.api is installed but its URLs are not in the site's URLconf.",
                hint='Add path("api/", include("wagtail_hyte.api.urls")) before Wagtail\'s '
                "catch-all (docs/api.md).",
                id="hyte_api.W001",
            )
        ]
    return []
