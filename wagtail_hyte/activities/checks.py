"""System checks of the activity catalogue's settings.

- hyte.E020  CATALOGUE_PARENT_PAGES is malformed (models/index.py)
- hyte.E021  GEOCODER is set but its BACKEND is missing, not importable or
             not a geocoding.Geocoder (or OPTIONS is not a dict)
- hyte.E022  PARTNER_PAGE_EDITING is not "moderated", "publish" or "off"
- hyte.W020  DEBUG is off and FOOTER_LINKS["accessibility_statement"] is empty:
             the footer may have no accessibility statement (Act 306/2019)
- hyte.W021  GEOCODER is a PeliasGeocoder without OPTIONS["API_KEY"]
             (Digitransit refuses requests without a subscription key)

The check cannot look in the database (it runs before ``migrate`` too), so a
live ``AccessibilityStatementPage``, which the footer links when the setting is
empty, does not silence it; set the setting to the page's address.
"""

from django.conf import settings
from django.core.checks import Error, Warning, register

from wagtail_hyte.core.conf import SETTINGS_NAME, hyte_settings


@register("wagtail_hyte")
def check_partner_page_editing(app_configs=None, **kwargs):
    """hyte.E022: PARTNER_PAGE_EDITING is not one of page_permissions.MODES."""
    from .page_permissions import MODES

    value = hyte_settings.PARTNER_PAGE_EDITING
    if isinstance(value, str) and value in MODES:
        return []
    return [
        Error(
            f"{SETTINGS_NAME}['PARTNER_PAGE_EDITING'] is {value!r}.",
            hint="Use one of: " + ", ".join(repr(mode) for mode in MODES) + ".",
            id="hyte.E022",
        )
    ]


@register("wagtail_hyte")
def check_footer_links(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    links = hyte_settings.FOOTER_LINKS
    url = links.get("accessibility_statement", "") if isinstance(links, dict) else ""
    if str(url or "").strip():
        return []
    return [
        Warning(
            f"{SETTINGS_NAME}['FOOTER_LINKS']['accessibility_statement'] is empty: the site "
            "must link an accessibility statement (saavutettavuusseloste, Act 306/2019) "
            "from every page.",
            hint=(
                "Set it to the statement's address, e.g. '/saavutettavuusseloste/'. A live "
                "'accessibility statement' page (AccessibilityStatementPage) also satisfies "
                "the law and {% hyte_footer_links %} links it when the setting is empty, but "
                "this check cannot see pages: set the address to silence it, and make sure "
                "your footer includes {% hyte_footer_links %} (docs/activities.md)."
            ),
            id="hyte.W020",
        )
    ]


@register("wagtail_hyte")
def check_geocoder(app_configs=None, **kwargs):
    """hyte.E021: GEOCODER names no usable backend; hyte.W021: a PeliasGeocoder
    without an API key."""
    from django.core.exceptions import ImproperlyConfigured

    from .geocoding import PeliasGeocoder, geocoder_class

    config = hyte_settings.GEOCODER
    if config is None:
        return []
    try:
        cls = geocoder_class(config)
    except ImproperlyConfigured as exc:
        return [
            Error(
                str(exc),
                hint=(
                    "Set GEOCODER to None, or to {'BACKEND': "
                    "'wagtail_hyte.activities.geocoding.PeliasGeocoder', 'OPTIONS': {...}} "
                    "(docs/activities.md, Finding places by address)."
                ),
                id="hyte.E021",
            )
        ]
    options = config.get("OPTIONS") or {}
    if issubclass(cls, PeliasGeocoder) and not str(options.get("API_KEY") or "").strip():
        return [
            Warning(
                f"{SETTINGS_NAME}['GEOCODER'] uses {cls.__name__} without OPTIONS['API_KEY']: "
                "Digitransit answers every lookup with an error without a subscription key.",
                hint=(
                    "Register at portal-api.digitransit.fi and set OPTIONS['API_KEY'] "
                    "(from an environment variable), or use a Pelias service without keys "
                    "and set OPTIONS['API_KEY'] to any non-empty value it ignores."
                ),
                id="hyte.W021",
            )
        ]
    return []
