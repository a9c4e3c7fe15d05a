"""Footer links the host site puts in its own footer.

``{% load hyte_footer %}{% hyte_footer_links %}`` renders
``wagtail_hyte/activities/includes/footer_links.html``: a ``<nav>`` listing the
accessibility statement (saavutettavuusseloste, Act 306/2019), the privacy
notice and the feedback channel. The addresses come from
``WAGTAIL_HYTE["FOOTER_LINKS"]`` and ``WAGTAIL_HYTE["CONTROLLER"]["privacy_notice_url"]``;
an empty ``FOOTER_LINKS["accessibility_statement"]`` falls back to the first live
``AccessibilityStatementPage`` of the current site (not if it is private) (in the active language
when it has been translated). Links left unset are not shown; with none set,
nothing is rendered.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from wagtail_hyte.core.conf import hyte_settings

register = template.Library()

TEMPLATE = "wagtail_hyte/activities/includes/footer_links.html"


def _setting(key: str) -> str:
    links = hyte_settings.FOOTER_LINKS
    value = links.get(key, "") if isinstance(links, dict) else ""
    return str(value or "").strip()


def statement_page(request=None):
    """The first live accessibility statement (in tree order) of the request's
    site, else of any site, or None when it has a view restriction; its
    translation in the active language when that is live. A few small queries
    per request: none of it runs while ``FOOTER_LINKS["accessibility_statement"]``
    is set."""
    from ..models import AccessibilityStatementPage

    pages = AccessibilityStatementPage.objects.live().order_by("path")
    site = Site.find_for_request(request) if request is not None else None
    page = (pages.in_site(site).first() if site else None) or pages.first()
    if page is None or page.get_view_restrictions().exists():
        return None
    localized = page.localized
    return localized if localized.live else page


def statement_url(request=None) -> str:
    url = _setting("accessibility_statement")
    if url:
        return url
    page = statement_page(request)
    return (page.get_url(request) or "") if page is not None else ""


def footer_links(request=None) -> list[dict]:
    """``[{"key", "label", "url"}, ...]`` for the links that have an address."""
    candidates = [
        ("accessibility_statement", _("Accessibility statement"), statement_url(request)),
        ("privacy_notice", _("Privacy notice"), _privacy_url()),
        ("feedback", _("Feedback"), _setting("feedback")),
    ]
    return [{"key": key, "label": label, "url": url} for key, label, url in candidates if url]


def _privacy_url() -> str:
    controller = hyte_settings.CONTROLLER
    value = controller.get("privacy_notice_url", "") if isinstance(controller, dict) else ""
    return str(value or "").strip()


@register.inclusion_tag(TEMPLATE, takes_context=True)
def hyte_footer_links(context):
    """``{% hyte_footer_links %}``: the footer's legal and feedback links
    (worked out once per request)."""
    request = context.get("request")
    links = getattr(request, "_hyte_footer_links", None)
    if links is None:
        links = footer_links(request)
        if request is not None:
            request._hyte_footer_links = links
    return {"hyte_footer_links": links, "request": request}
