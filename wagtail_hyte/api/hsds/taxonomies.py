"""The catalogue's managed taxonomies as HSDS taxonomies and taxonomy terms.

Three taxonomies, each one of the catalogue's own term models and facets:
themes, target groups and accessibility features. A term's ``code`` is its
slug (the catalogue's filter value, ``?theme=nature``); its name is in the
language of the request, falling back to Finnish as on the site; its
``description`` gives the names in Finnish, Swedish and English (the terms
have no descriptions of their own). The terms are flat: no ``parent_id``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.activities.models import AccessibilityFeature, TargetGroup, Theme

from . import ids
from .values import obj


@dataclass(frozen=True)
class Taxonomy:
    number: int  # part of the taxonomy's id: never renumber
    facet: str  # the catalogue's facet and filter name (ActivityFacet.facet)
    model: type
    page_field: str  # the ActivityPage many-to-many field
    name: str
    description: str

    @property
    def id(self) -> str:
        return ids.make("taxonomy", self.number)

    def term_id(self, term) -> str:
        return ids.of(term)

    def term_pk(self, value) -> int | None:
        return ids.lookup_model(self.model, value)


TAXONOMIES: tuple[Taxonomy, ...] = (
    Taxonomy(
        1,
        "theme",
        Theme,
        "themes",
        _("Wellbeing themes"),
        _("The themes of the activity catalogue (hyvinvointitarjotin)."),
    ),
    Taxonomy(
        2,
        "target_group",
        TargetGroup,
        "target_groups",
        _("Target groups"),
        _("Who the activities of the catalogue are meant for."),
    ),
    Taxonomy(
        3,
        "accessibility",
        AccessibilityFeature,
        "accessibility_features",
        _("Accessibility features"),
        _("How the activities of the catalogue are accessible."),
    ),
)


def by_id(value) -> Taxonomy | None:
    value = str(value).lower()
    return next((t for t in TAXONOMIES if t.id == value), None)


def term_by_id(value) -> tuple[Taxonomy, int] | None:
    """(taxonomy, term primary key) of a taxonomy term id, None if it is none of ours."""
    for taxonomy in TAXONOMIES:
        pk = taxonomy.term_pk(value)
        if pk is not None:
            return taxonomy, pk
    return None


def taxonomy_object(taxonomy: Taxonomy) -> dict:
    return obj(
        ("id", "name", "description"),
        id=taxonomy.id,
        name=str(taxonomy.name),
        description=str(taxonomy.description),
    )


def _language() -> str:
    return (get_language() or "fi")[:2]


def term_object(taxonomy: Taxonomy, term) -> dict:
    language = _language()
    shown = language if getattr(term, f"name_{language}", "") else "fi"
    names = []
    for name in term.labels().values():
        if name not in names:
            names.append(name)
    return obj(
        ("id", "name", "description"),
        id=taxonomy.term_id(term),
        code=term.slug,
        name=term.name_in(shown),
        description=" / ".join(names),
        taxonomy=str(taxonomy.name),
        taxonomy_detail=taxonomy_object(taxonomy),
        taxonomy_id=taxonomy.id,
        language=shown,
    )


def all_terms() -> list[tuple[Taxonomy, object]]:
    """Every term of every taxonomy, in taxonomy order and each model's own order
    (one query per taxonomy)."""
    return [(t, term) for t in TAXONOMIES for term in t.model.objects.all()]
