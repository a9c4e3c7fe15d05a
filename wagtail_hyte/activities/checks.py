"""System checks of the activity catalogue's settings.

- hyte.E020  CATALOGUE_PARENT_PAGES is malformed (models/index.py)
- hyte.W020  DEBUG is off and FOOTER_LINKS["accessibility_statement"] is empty:
             the footer may have no accessibility statement (Act 306/2019)

The check cannot look in the database (it runs before ``migrate`` too), so a
live ``AccessibilityStatementPage``, which the footer links when the setting is
empty, does not silence it; set the setting to the page's address.
"""

from django.conf import settings
from django.core.checks import Warning, register

from wagtail_hyte.core.conf import SETTINGS_NAME, hyte_settings


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
