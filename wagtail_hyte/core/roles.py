"""The five HYTE roles and how their permissions are assembled.

Each HYTE app may hold a ``roles.py`` module with

* ``PERMISSIONS``: ``{role key: ["app_label.codename", ...]}``, and optionally
* ``configure(groups)``: a function receiving ``{role key: Group}`` for grants
  that are not plain Django permissions (Wagtail page or collection permissions),
* ``PROFESSIONAL_PERMISSIONS``: the app's permissions that make their holder a
  professional, who works with clients (see :func:`is_professional`).

``hyte_setup_roles`` gathers them from every installed ``wagtail_hyte.*`` app.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

EDITOR = "editor"
PROFESSIONAL = "professional"
PARTNER_STAFF = "partner_staff"
COORDINATOR = "coordinator"
AUDITOR = "auditor"

GROUP_NAMES = {
    EDITOR: "HYTE editors",
    PROFESSIONAL: "HYTE professionals",
    PARTNER_STAFF: "HYTE partner staff",
    COORDINATOR: "HYTE coordinators",
    AUDITOR: "HYTE auditors",
}

ROLE_LABELS = {
    EDITOR: _("Content editor"),
    PROFESSIONAL: _("Health and social care professional"),
    PARTNER_STAFF: _("Partner staff"),
    COORDINATOR: _("Coordinator"),
    AUDITOR: _("Auditor"),
}

# Every role works in the Wagtail admin.
PERMISSIONS = {role: ["wagtailadmin.access_admin"] for role in GROUP_NAMES}


def hyte_role_modules():
    """Yield the ``roles`` module of every installed HYTE app, core first."""
    for config in apps.get_app_configs():
        if config.name.startswith("wagtail_hyte.") and module_has_submodule(config.module, "roles"):
            yield import_module(f"{config.name}.roles")


def role_permissions() -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {role: set() for role in GROUP_NAMES}
    for module in hyte_role_modules():
        for role, perms in getattr(module, "PERMISSIONS", {}).items():
            if role not in wanted:
                raise ValueError(f"{module.__name__}: unknown role {role!r}")
            wanted[role].update(perms)
    return wanted


def resolve_permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist as exc:
        raise LookupError(f"Permission {dotted!r} does not exist; run migrate first.") from exc


def setup_roles(*, prune: bool = False) -> dict[str, dict[str, list[str]]]:
    """Create the groups and grant their permissions. Idempotent.

    Returns ``{group name: {"added": [...], "removed": [...], "extra": [...],
    "pages": [...], "collections": [...]}}``: Django permissions added, removed
    and extra, then the Wagtail page and collection permissions the apps'
    ``configure`` functions added (see ``_report_object_permissions``; what
    already existed is not listed). With ``prune``, permissions a group holds
    beyond its definition are removed; otherwise they are reported as
    ``extra`` and kept. Page and collection permissions are never pruned.
    """
    report = {}
    groups = {}
    for role, perms in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=GROUP_NAMES[role])
        groups[role] = group
        wanted = {resolve_permission(p) for p in sorted(perms)}
        current = set(group.permissions.select_related("content_type"))
        added = wanted - current
        extra = current - wanted
        group.permissions.add(*added)
        if prune and extra:
            group.permissions.remove(*extra)

        def label(p):
            return f"{p.content_type.app_label}.{p.codename}"

        report[group.name] = {
            "added": sorted(label(p) for p in added),
            "removed": sorted(label(p) for p in extra) if prune else [],
            "extra": [] if prune else sorted(label(p) for p in extra),
        }
    before = _object_permissions(groups.values())
    for module in hyte_role_modules():
        configure = getattr(module, "configure", None)
        if configure:
            configure(groups)
    _report_object_permissions(report, groups.values(), before)
    return report


def _object_permissions(groups) -> dict[str, set[tuple[int, int, int]]]:
    """Ids of the groups' Wagtail page and collection permissions:
    ``{"pages": {(group, page, permission)}, "collections": {...}}``."""
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    ids = [group.pk for group in groups]
    return {
        "pages": set(
            GroupPagePermission.objects.filter(group_id__in=ids).values_list(
                "group_id", "page_id", "permission_id"
            )
        ),
        "collections": set(
            GroupCollectionPermission.objects.filter(group_id__in=ids).values_list(
                "group_id", "collection_id", "permission_id"
            )
        ),
    }


def _page_path(page) -> str:
    parts = page.get_url_parts()
    return parts[2] if parts else page.url_path


def _report_object_permissions(report, groups, before) -> None:
    """Add ``"pages"`` and ``"collections"`` to each group's report: the page and
    collection permissions the ``configure`` functions added, per page or
    collection, as ``{"id", "title" or "name", "path" (pages), "added": [...]}``.
    Page permissions are named like Wagtail's ``add``, ``change``, ``publish``;
    collection permissions as ``app_label.codename``."""
    from wagtail.models import Collection, Page

    after = _object_permissions(groups)
    new = {kind: after[kind] - before[kind] for kind in after}
    permissions = {
        p.pk: p
        for p in Permission.objects.filter(
            pk__in={perm for rows in new.values() for _g, _o, perm in rows}
        ).select_related("content_type")
    }
    pages = Page.objects.in_bulk({obj for _g, obj, _p in new["pages"]})
    collections = Collection.objects.in_bulk({obj for _g, obj, _p in new["collections"]})
    for group in groups:
        entry = report.setdefault(group.name, {"added": [], "removed": [], "extra": []})
        by_page: dict[int, list[str]] = {}
        for group_id, page_id, perm_id in new["pages"]:
            if group_id == group.pk:
                codename = permissions[perm_id].codename
                by_page.setdefault(page_id, []).append(codename.removesuffix("_page"))
        by_collection: dict[int, list[str]] = {}
        for group_id, collection_id, perm_id in new["collections"]:
            if group_id == group.pk:
                p = permissions[perm_id]
                by_collection.setdefault(collection_id, []).append(
                    f"{p.content_type.app_label}.{p.codename}"
                )
        entry["pages"] = [
            {
                "id": page_id,
                "title": pages[page_id].title,
                "path": _page_path(pages[page_id]),
                "added": sorted(by_page[page_id]),
            }
            for page_id in sorted(by_page, key=lambda pk: pages[pk].path)
        ]
        entry["collections"] = [
            {
                "id": collection_id,
                "name": collections[collection_id].name,
                "added": sorted(by_collection[collection_id]),
            }
            for collection_id in sorted(by_collection, key=lambda pk: collections[pk].path)
        ]


def has_role(user, *roles: str) -> bool:
    """True for superusers and members of any of the given HYTE roles' groups.

    For rules that are about the groups themselves (which sessions are
    shortened, who reads the agreements collection); what a user may *do* is
    a permission (see :func:`is_professional`).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_hyte_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._hyte_group_names = cache
    return any(GROUP_NAMES[role] in cache for role in roles)


@cache
def professional_permissions() -> tuple[str, ...]:
    """Every installed app's ``PROFESSIONAL_PERMISSIONS`` (recommending activities,
    making referrals): collected, so that ``core`` names no other app."""
    found: list[str] = []
    for module in hyte_role_modules():
        found += [p for p in getattr(module, "PROFESSIONAL_PERMISSIONS", ()) if p not in found]
    return tuple(found)


def is_professional(user) -> bool:
    """True for active users holding one of :func:`professional_permissions`.

    The one definition of "a professional" (who works with clients): it asks
    for a permission, not a group, so a site's own group holding one counts
    too. Superusers hold every permission, so they count. Callers that need
    one action (recommend, refer) ask for its permission as well.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return any(user.has_perm(permission) for permission in professional_permissions())
