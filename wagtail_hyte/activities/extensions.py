"""Extension points for other HYTE apps and for the host site.

Hooks (register with ``wagtail.hooks.register``):

``hyte_activity_filters``
    ``fn() -> ActivityFilter | list[ActivityFilter]``: more catalogue filters
    (see filters.py).
``hyte_activity_facets``
    ``fn(page) -> iterable of FacetValue``: facet values a filter uses (facets.py).
``hyte_activity_badges``
    ``fn(pages, request) -> {page id: [Badge, ...]}``: small labels on listing
    cards and activity pages. Receives all pages of a listing at once, so it
    can answer with one query.
``hyte_activity_actions``
    ``fn(page, request) -> [Action, ...]``: buttons or links on the activity
    page (e.g. "Recommend", "Make a referral" for professionals).

The host site's base template is ``WAGTAIL_HYTE["BASE_TEMPLATE"]``
(default ``"base.html"``); HYTE templates fill its blocks ``title``,
``extra_css``, ``content`` and ``extra_js``.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail import hooks

from wagtail_hyte.core.conf import hyte_settings

BADGES_HOOK = "hyte_activity_badges"
ACTIONS_HOOK = "hyte_activity_actions"


@dataclass(frozen=True)
class Badge:
    label: str
    key: str = ""  # a CSS modifier: hyte-badge--<key>
    description: str = ""


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    key: str = ""
    method: str = "get"  # "get" renders a link, "post" a form with a CSRF token


def activity_badges(pages, request) -> dict[int, list[Badge]]:
    badges: dict[int, list[Badge]] = {}
    pages = list(pages)
    if not pages:
        return badges
    for fn in hooks.get_hooks(BADGES_HOOK):
        for page_id, items in (fn(pages, request) or {}).items():
            badges.setdefault(page_id, []).extend(items)
    return badges


def activity_actions(page, request) -> list[Action]:
    actions: list[Action] = []
    for fn in hooks.get_hooks(ACTIONS_HOOK):
        actions.extend(fn(page, request) or ())
    return actions


def base_template() -> str:
    return hyte_settings.BASE_TEMPLATE
