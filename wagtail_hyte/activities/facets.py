"""Which filter values an activity has (``ActivityFacet`` rows and card labels).

``denormalise.py`` writes them; this module only computes them.

Other apps add facets with the ``hyte_activity_facets`` hook: a function
``fn(page) -> iterable of FacetValue``. A matching filter (hook
``hyte_activity_filters``) then filters and counts by it. See docs/activities.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from wagtail import hooks

from . import schedule
from .choices import ACTIVITY_LANGUAGES, WEEKDAY_KEYS, ActivityFormat, CostType, TimeOfDay, Weekday
from .models import ActivityFacet

FACETS_HOOK = "hyte_activity_facets"
ALL_FACET = "_all"


@dataclass(frozen=True)
class FacetValue:
    facet: str
    value: str
    label_fi: str
    label_sv: str = ""
    label_en: str = ""
    sort_key: int = 0


def translated(facet: str, value: str, label, sort_key: int = 0) -> FacetValue:
    """A FacetValue whose labels are a lazy translation rendered in fi, sv and en."""
    labels = {}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            labels[language] = str(label)
    return FacetValue(facet, value, labels["fi"], labels["sv"], labels["en"], sort_key)


def _term(facet, term) -> FacetValue:
    labels = term.labels()
    return FacetValue(facet, term.slug, labels["fi"], labels["sv"], labels["en"], term.sort_order)


def compute_facets(page) -> list[FacetValue]:
    values: list[FacetValue] = []
    municipalities = {m.code: m for m in page.municipalities.all()}
    for location in page.locations.all():
        if location.municipality_id and location.municipality.code not in municipalities:
            municipalities[location.municipality.code] = location.municipality
    for code, m in municipalities.items():
        values.append(
            FacetValue("municipality", code, m.name_fi, m.name_sv or m.name_fi, m.name_fi)
        )
    values += [_term("theme", t) for t in page.themes.all()]
    values += [_term("target_group", t) for t in page.target_groups.all()]
    values += [_term("accessibility", t) for t in page.accessibility_features.all()]
    values.append(
        translated(
            "format",
            page.format,
            ActivityFormat(page.format).label,
            list(ActivityFormat.values).index(page.format),
        )
    )
    if page.format == ActivityFormat.HYBRID:
        # A hybrid activity is found both in person and online.
        for fmt in (ActivityFormat.IN_PERSON, ActivityFormat.ONLINE):
            values.append(
                translated("format", fmt, fmt.label, list(ActivityFormat.values).index(fmt))
            )
    if page.cost_type == CostType.FREE:
        values.append(translated("free", "1", CostType.FREE.label))
    language_labels = dict(ACTIVITY_LANGUAGES)
    order = [code for code, _label in ACTIVITY_LANGUAGES]
    for code in page.languages or ():
        if code in language_labels:
            values.append(translated("language", code, language_labels[code], order.index(code)))
    for day in sorted(schedule.weekdays(page)):
        values.append(translated("day", WEEKDAY_KEYS[day], Weekday(day).label, day))
    time_order = list(TimeOfDay.values)
    for slot in schedule.times_of_day(page):
        values.append(translated("time", slot, TimeOfDay(slot).label, time_order.index(slot)))
    # One row per activity that every listing counts: the total of results
    # comes from the same grouped query as the counts per option.
    values.append(FacetValue(ALL_FACET, "1", "*", "*", "*"))
    for fn in hooks.get_hooks(FACETS_HOOK):
        values.extend(fn(page) or ())
    unique = {}
    for v in values:
        unique.setdefault((v.facet, v.value), v)
    return list(unique.values())


# Facets whose labels listing cards show (copied to ActivityPage.listing_labels).
CARD_FACETS = ("municipality", "theme")


def listing_labels(values: list[FacetValue]) -> dict[str, list[list[str]]]:
    """{facet: [[fi, sv, en], ...]} for the listing cards, in display order."""
    labels: dict[str, list[list[str]]] = {}
    for v in sorted(values, key=lambda v: (v.sort_key, v.label_fi)):
        if v.facet in CARD_FACETS:
            labels.setdefault(v.facet, []).append([v.label_fi, v.label_sv, v.label_en])
    return labels


def facet_rows(page, values: list[FacetValue]):
    return [
        ActivityFacet(
            page_id=page.pk,
            facet=v.facet,
            value=v.value[:60],
            sort_key=v.sort_key,
            label_fi=v.label_fi[:100],
            label_sv=v.label_sv[:100],
            label_en=v.label_en[:100],
        )
        for v in values
    ]
