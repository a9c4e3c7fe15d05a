"""The catalogue's filters, and the registry other apps extend.

A filter reads one GET parameter and narrows the listing. Facet filters also
show an option list with counts, read from ``ActivityFacet`` rows. Other apps
register more filters with the ``hyte_activity_filters`` hook::

    @hooks.register("hyte_activity_filters")
    def referral_filter():
        return FacetFilter("referral", _("Offers referral"), order=75, widget="checkbox")

and add the facet values with the ``hyte_activity_facets`` hook (see facets.py).
"""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .models import ActivityFacet

FILTERS_HOOK = "hyte_activity_filters"
_VALUE = re.compile(r"^[\w.-]{1,60}$")
# Control, format, surrogate, private-use and unassigned code points (NUL among
# them) are never meaningful in a GET parameter and break some databases.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def clean_text(raw) -> str:
    """A free-text GET parameter without control characters (whitespace becomes a space)."""
    if not isinstance(raw, str):
        return ""
    return "".join(
        " " if ch.isspace() else ch
        for ch in raw
        if ch.isspace() or unicodedata.category(ch) not in _UNSAFE_CATEGORIES
    )


class ActivityFilter(ABC):
    """Base class: ``name`` is the GET parameter; ``q(value)`` narrows ActivityPage rows.

    ``cacheable``: the filter's result changes only with the catalogue (page
    content, facet rows, the date), so listings using it may be cached (see
    cache.py). Set it to False when the result depends on anything else, e.g.
    referral quotas: listings with such a filter chosen are always computed.
    """

    name = ""
    label = ""
    facet: str | None = None
    widget = "select"  # select | checkbox | number
    order = 100
    cacheable = True

    @abstractmethod
    def parse(self, raw: str | None):
        """The cleaned value of the GET parameter, or None to ignore it."""

    @abstractmethod
    def q(self, value) -> Q:
        """The condition on ActivityPage rows for a parsed value."""


class FacetFilter(ActivityFilter):
    """Filter by one value of a facet; options and counts come from ActivityFacet."""

    def __init__(self, name, label, *, facet=None, order=100, widget="select", any_label=None):
        self.name = name
        self.label = label
        self.facet = facet or name
        self.order = order
        self.widget = widget
        self.any_label = any_label or _("Any")

    def parse(self, raw):
        raw = clean_text(raw).strip()
        if self.widget == "checkbox":
            return "1" if raw in ("1", "on", "true") else None
        return raw if _VALUE.match(raw) else None

    def q(self, value) -> Q:
        pages = ActivityFacet.objects.filter(facet=self.facet, value=value).values("page_id")
        return Q(pk__in=pages)


class AgeFilter(ActivityFilter):
    """A person's age: activities whose age range includes it (open ends included)."""

    name = "age"
    label = _("Age")
    widget = "number"
    order = 35

    def parse(self, raw):
        try:
            age = int(clean_text(raw).strip())
        except ValueError:
            return None
        return age if 0 <= age <= 120 else None

    def q(self, value) -> Q:
        return (Q(min_age__isnull=True) | Q(min_age__lte=value)) & (
            Q(max_age__isnull=True) | Q(max_age__gte=value)
        )


def builtin_filters() -> list[ActivityFilter]:
    return [
        FacetFilter("municipality", _("Municipality"), order=10, any_label=_("All municipalities")),
        FacetFilter("theme", _("Theme"), order=20, any_label=_("All themes")),
        FacetFilter("target_group", _("Target group"), order=30, any_label=_("All target groups")),
        AgeFilter(),
        FacetFilter("free", _("Free of charge only"), order=40, widget="checkbox"),
        FacetFilter("language", _("Language"), order=50, any_label=_("Any language")),
        FacetFilter("format", _("Format"), order=60, any_label=_("Any format")),
        FacetFilter("accessibility", _("Accessibility"), order=70, any_label=_("No requirement")),
        FacetFilter("day", _("Weekday"), order=80, any_label=_("Any day")),
        FacetFilter("time", _("Time of day"), order=90, any_label=_("Any time")),
    ]


def all_filters() -> list[ActivityFilter]:
    """Built-in filters plus those registered by other apps, in display order."""
    filters = builtin_filters()
    for fn in hooks.get_hooks(FILTERS_HOOK):
        result = fn()
        if isinstance(result, ActivityFilter):
            filters.append(result)
        else:
            filters.extend(result or ())
    names = set()
    unique = []
    for f in filters:
        if f.name not in names:
            names.add(f.name)
            unique.append(f)
    return sorted(unique, key=lambda f: f.order)
