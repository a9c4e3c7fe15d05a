"""Roles from the identity provider's claims.

``WAGTAIL_HYTE["SSO"]["ROLE_CLAIM"]`` names the claim that lists a user's roles
at the provider and ``ROLES`` maps its values to HYTE role keys. At every
single sign-on the user's HYTE groups become exactly the ones their claim
values name: a role the provider no longer gives is taken away at the next
sign-in. Groups that are not HYTE's (a site's own) are never touched.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import Group
from django.db import transaction

from wagtail_hyte.core.roles import GROUP_NAMES
from wagtail_hyte.ledger.services import append_entry

from .. import kinds
from .config import SSOConfig

#: The ledger's actor for changes the identity provider's claims make.
ACTOR = "system:sso"


class RolesNotSetUp(Exception):
    """A HYTE group the claims name does not exist (run ``manage.py hyte_setup_roles``)."""


def claim_values(claims: Mapping, claim: str) -> set[str]:
    """The claim's values: a list of strings, or one string (space separated values
    are not split: a role or group name may hold spaces). Anything else counts as none."""
    value = claims.get(claim)
    if isinstance(value, str):
        return {value} if value else set()
    if isinstance(value, (list, tuple)):
        return {item for item in value if isinstance(item, str) and item}
    return set()


def roles_from_claims(config: SSOConfig, claims: Mapping) -> set[str]:
    """The HYTE role keys ``claims`` give, by ``config.roles``."""
    values = claim_values(claims, config.role_claim)
    return {config.roles[value] for value in values if value in config.roles}


def current_roles(user) -> set[str]:
    names = set(user.groups.filter(name__in=GROUP_NAMES.values()).values_list("name", flat=True))
    return {role for role, name in GROUP_NAMES.items() if name in names}


def apply_roles(user, roles: set[str], *, identity) -> tuple[list[str], list[str]]:
    """Make ``user``'s HYTE groups exactly ``roles`` and ledger the change.

    Returns ``(added, removed)`` role keys (sorted). Writes a
    ``staff.roles_from_provider`` entry, in the same transaction, only when
    something changed. Raises :class:`RolesNotSetUp` (and changes nothing)
    when a wanted group does not exist.
    """
    unknown = sorted(roles - set(GROUP_NAMES))
    if unknown:
        raise ValueError(f"unknown role keys {unknown}")
    with transaction.atomic():
        groups = {
            group.name: group for group in Group.objects.filter(name__in=GROUP_NAMES.values())
        }
        missing = [role for role in roles if GROUP_NAMES[role] not in groups]
        if missing:
            raise RolesNotSetUp(sorted(missing))
        before = current_roles(user)
        added = sorted(roles - before)
        removed = sorted(before - roles)
        if removed:
            user.groups.remove(*(groups[GROUP_NAMES[role]] for role in removed))
        if added:
            user.groups.add(*(groups[GROUP_NAMES[role]] for role in added))
        if added or removed:
            append_entry(
                kinds.ROLES_FROM_PROVIDER,
                ACTOR,
                payload={
                    "user": f"user:{user.pk}",
                    "identity": str(identity.pk),
                    "added": added,
                    "removed": removed,
                },
            )
    # has_role() caches a user's group names on the instance.
    user.__dict__.pop("_hyte_group_names", None)
    return added, removed
