"""The five HYTE roles and how their permissions are assembled.

Each HYTE app may hold a ``roles.py`` module with

* ``PERMISSIONS``: ``{role key: ["app_label.codename", ...]}``, and optionally
* ``configure(groups)``: a function receiving ``{role key: Group}`` for grants
  that are not plain Django permissions (Wagtail page or collection permissions).

``hyte_setup_roles`` gathers them from every installed ``wagtail_hyte.*`` app.
"""

from __future__ import annotations

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

    Returns ``{group name: {"added": [...], "removed": [...], "extra": [...]}}``.
    With ``prune``, permissions a group holds beyond its definition are removed;
    otherwise they are reported as ``extra`` and kept.
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
    for module in hyte_role_modules():
        configure = getattr(module, "configure", None)
        if configure:
            configure(groups)
    return report


def has_role(user, *roles: str) -> bool:
    """True for superusers and members of any of the given HYTE roles' groups."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_hyte_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._hyte_group_names = cache
    return any(GROUP_NAMES[role] in cache for role in roles)
