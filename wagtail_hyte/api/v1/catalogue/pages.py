"""Which pages the catalogue resources serve: live pages under no view
restriction (``activities.catalogue.public_q``), inside the site the request
came to (Wagtail's ``Site.find_for_request``), or inside one catalogue when
the ``catalogue`` parameter names one."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from wagtail.models import Page, Site

from wagtail_hyte.activities.catalogue import public_q
from wagtail_hyte.activities.models import ActivityIndexPage
from wagtail_hyte.api.base import MAX_ID

CATALOGUE_PARAM = "catalogue"
NOT_A_CATALOGUE = _("No public activity catalogue has this id.")


def site_root(request) -> Page:
    """The root page of the request's site (the tree's root when no site matches)."""
    site = Site.find_for_request(request)
    return site.root_page if site is not None else Page.get_first_root_node()


def live_public(queryset, root: Page, *, inclusive: bool = False):
    """``queryset``'s live pages under ``root`` that no view restriction covers."""
    return queryset.live().descendant_of(root, inclusive=inclusive).filter(public_q())


def parse_id(raw) -> int | None:
    """A database id from a parameter: a positive whole number that fits a
    64-bit column, else None (a larger one would overflow SQLite)."""
    if not isinstance(raw, str) or not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


def requested_catalogue(request) -> ActivityIndexPage | None:
    """The live, public catalogue of this site that ``?catalogue=<id>`` names,
    None without the parameter; a ValidationError naming it otherwise."""
    raw = request.query_params.get(CATALOGUE_PARAM)
    if raw is None or raw == "":
        return None
    pk = parse_id(raw)
    catalogue = None
    if pk is not None:
        catalogues = live_public(ActivityIndexPage.objects, site_root(request), inclusive=True)
        catalogue = catalogues.filter(pk=pk).first()
    if catalogue is None:
        raise ValidationError({CATALOGUE_PARAM: [NOT_A_CATALOGUE]})
    return catalogue
