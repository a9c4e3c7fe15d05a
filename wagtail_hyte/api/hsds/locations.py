"""An activity's places (``ActivityLocation``) as HSDS locations and service_at_locations.

Each place belongs to one activity page, so each is one location and one
service_at_location (the pair has ids of its own kinds). A location is
physical, with its coordinates, and its address when it has a street address:
``address_1`` the street address, ``city`` the municipality, ``state_province``
its region (maakunta), ``country`` FI. The activity's accessibility features
(and its accessibility note) are the location's ``accessibility`` entries.
"""

from __future__ import annotations

from . import ids
from .values import number, obj

COUNTRY = "FI"


def address(location) -> dict | None:
    if not location.street_address:
        return None
    municipality = location.municipality
    return obj(
        ("id", "address_1", "city", "state_province", "postal_code", "country", "address_type"),
        id=ids.of(location, "address"),
        location_id=ids.of(location),
        address_1=location.street_address,
        city=municipality.name,
        state_province=municipality.region,
        postal_code=location.postal_code,
        country=COUNTRY,
        address_type="physical",
    )


def accessibility(page, location) -> list[dict]:
    """The page's accessibility features and note, for one of its places
    (prefetch ``accessibility_features`` for many pages)."""
    location_id = ids.of(location)
    entries = [
        obj(
            ("id",),
            id=ids.of(location, "accessibility", str(feature.pk)),
            location_id=location_id,
            description=feature.name,
        )
        for feature in page.accessibility_features.all()
    ]
    if page.accessibility_note:
        entries.append(
            obj(
                ("id",),
                id=ids.of(location, "accessibility", "note"),
                location_id=location_id,
                description=page.accessibility_note,
            )
        )
    return entries


def location_summary(location, organization_id: str | None) -> dict:
    """The location's own fields (what a list item carries)."""
    return obj(
        ("id", "location_type"),
        id=ids.of(location),
        location_type="physical",
        organization_id=organization_id,
        name=location.name,
        latitude=number(location.latitude),
        longitude=number(location.longitude),
    )


def location_object(page, location, organization_id: str | None) -> dict:
    found = address(location)
    return {
        **location_summary(location, organization_id),
        "addresses": [found] if found else [],
        "accessibility": accessibility(page, location),
    }


def service_at_location_summary(location, service_id: str) -> dict:
    return obj(
        ("id",),
        id=ids.of(location, "service_at_location"),
        service_id=service_id,
        location_id=ids.of(location),
        description=location.name,
    )
