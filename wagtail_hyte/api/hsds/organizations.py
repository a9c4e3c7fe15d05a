"""A partner (hyte-toimija) as an HSDS organization.

Only what the partner's public profile shows: name, kind (as
``legal_status``), description, website, email and phone, plus its business
ID (Y-tunnus) as an ``organization_identifier`` in the org-id.guide scheme
``FI-PRO`` (the Finnish Patent and Registration Office's register). Only
active partners are published (inactive ones are hidden from the public).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import ids
from .values import obj, plain_text

IDENTIFIER_SCHEME = "FI-PRO"


def organization_id(partner) -> str | None:
    """The organization id of an activity's organiser; None when the partner is
    inactive (hidden from the public, so not published)."""
    return ids.of(partner) if partner.active else None


def organization_summary(partner) -> dict:
    """The organization's own fields (what a list item carries)."""
    return obj(
        ("id", "name", "description"),
        id=ids.of(partner),
        name=partner.name,
        description=plain_text(partner.description),
        email=partner.email,
        website=partner.website,
        legal_status=str(partner.get_kind_display()),
    )


def phones(partner) -> list[dict]:
    if not partner.phone:
        return []
    return [
        obj(
            ("id", "number"),
            id=ids.of(partner, "phone"),
            organization_id=ids.of(partner),
            number=partner.phone,
            type="voice",
        )
    ]


def identifiers(partner) -> list[dict]:
    if not partner.business_id:
        return []
    return [
        obj(
            ("id", "identifier_type", "identifier"),
            id=ids.of(partner, "business_id"),
            organization_id=ids.of(partner),
            identifier_scheme=IDENTIFIER_SCHEME,
            identifier_type=_("Finnish business ID (Y-tunnus)"),
            identifier=partner.business_id,
        )
    ]


def organization_object(partner, services: list[dict] | None = None) -> dict:
    """The organization with its phones and identifiers, and ``services`` when given."""
    body = {
        **organization_summary(partner),
        "phones": phones(partner),
        "organization_identifiers": identifiers(partner),
    }
    if services is not None:
        body["services"] = services
    return body
