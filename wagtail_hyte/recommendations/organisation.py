"""The professional's organisation: shown on messages and counted per recommendation.

``WAGTAIL_HYTE["PROFESSIONAL_ORGANISATION"]`` names a callable ``(user) -> str``.
"""

from wagtail_hyte.core.conf import hyte_settings


def controller_organisation(user) -> str:
    """The default: every professional works for the controller (the welfare area)."""
    return hyte_settings.CONTROLLER.get("name", "") or ""


def organisation_of(user) -> str:
    return str(hyte_settings.PROFESSIONAL_ORGANISATION(user) or "")[:200]
