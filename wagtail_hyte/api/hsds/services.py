"""An activity page as an HSDS service.

``service_summary`` is a list item (the service's own fields and its
organization's, as the schema ``service_list`` has them); ``service_object``
is the fully nested service of ``GET /services/{id}`` (schedules, service
areas, places, languages, cost, contacts, phones, taxonomy terms as
attributes, capacities). The field-by-field mapping is in docs/api-hsds.md.
Nothing here reads referrals, agreements' own fields or anything staff-only.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from wagtail_hyte.activities.choices import ActivityStatus, CostType

from . import ids
from .capacities import capacity
from .locations import location_object, service_at_location_summary
from .organizations import organization_id, organization_object, organization_summary
from .schedules import schedules
from .taxonomies import TAXONOMIES, term_object
from .values import datetime_utc, join, obj

# ACTIVITY_LANGUAGES codes that are not ISO 639 codes, and what HSDS gets instead.
ISO_LANGUAGES = {"fi-x-selko": "fi", "fi-x-sign": "fse"}  # fse: ISO 639-3 Finnish Sign Language
CURRENCY = "EUR"


def status(page) -> str:
    """active | temporarily closed (paused) | inactive (ended)."""
    if page.has_ended():
        return "inactive"
    if page.status == ActivityStatus.PAUSED:
        return "temporarily closed"
    return "active"


def last_modified(page):
    """The later of the page's last publication and its organiser's last change."""
    moments = [m for m in (page.last_published_at, page.organiser.updated_at) if m]
    return max(moments) if moments else None


def application_process(page) -> str:
    if not page.registration_required:
        return _("No registration needed: just come along.")
    return join(
        _("Registration is required."),
        page.registration_note,
        _("Register online: %(url)s") % {"url": page.registration_url}
        if page.registration_url
        else "",
        _("Phone: %(phone)s") % {"phone": page.registration_phone}
        if page.registration_phone
        else "",
        _("Email: %(email)s") % {"email": page.registration_email}
        if page.registration_email
        else "",
    )


def _ages(page) -> str:
    if page.min_age is not None and page.max_age is not None:
        return _("Ages %(min)s to %(max)s.") % {"min": page.min_age, "max": page.max_age}
    if page.min_age is not None:
        return _("Ages %(min)s and over.") % {"min": page.min_age}
    if page.max_age is not None:
        return _("Up to age %(max)s.") % {"max": page.max_age}
    return ""


def eligibility(page) -> str:
    """Target groups and the age range (prefetch ``target_groups`` for many pages)."""
    groups = ", ".join(group.name for group in page.target_groups.all())
    return join(_("For: %(groups)s.") % {"groups": groups} if groups else "", _ages(page))


def fees(page) -> str:
    label = str(CostType(page.cost_type).label)
    return f"{label}: {page.cost_description}" if page.cost_description else label


def service_summary(page, request) -> dict:
    """The service's one-to-one fields (select ``organiser`` for many pages)."""
    partner = page.organiser
    org_id = organization_id(partner)
    body = obj(
        ("id", "name", "status"),
        id=ids.of(page),
        organization_id=org_id,
        name=page.title,
        description=page.summary,
        url=page.get_full_url(request),
        email=page.contact_email or page.registration_email,
        status=status(page),
        application_process=application_process(page),
        fees_description=fees(page),
        eligibility_description=eligibility(page),
        minimum_age=page.min_age,
        maximum_age=page.max_age,
        last_modified=datetime_utc(last_modified(page)),
    )
    if org_id:
        body["organization"] = organization_summary(partner)
    return body


def minimal(page) -> dict:
    """``?minimal=true``: the id and last change, with the fields the schema requires."""
    return obj(
        ("id", "name", "status"),
        id=ids.of(page),
        name=page.title,
        status=status(page),
        last_modified=datetime_utc(last_modified(page)),
    )


def phones(page, service_id: str) -> list[dict]:
    found = []
    for part, number, description in (
        ("contact", page.contact_phone, page.contact_title or _("Contact")),
        ("registration", page.registration_phone, _("Registration")),
    ):
        if number:
            found.append(
                obj(
                    ("id", "number"),
                    id=ids.of(page, "phone", part),
                    service_id=service_id,
                    number=number,
                    type="voice",
                    description=description,
                )
            )
    return found


def contacts(page, service_id: str) -> list[dict]:
    """The contact role or service (never a private person) and its email."""
    if not (page.contact_title or page.contact_email):
        return []
    return [
        obj(
            ("id",),
            id=ids.of(page, "contact"),
            service_id=service_id,
            title=page.contact_title,
            email=page.contact_email,
        )
    ]


def languages(page, service_id: str) -> list[dict]:
    labels = dict(zip(page.languages or (), page.language_labels(), strict=True))
    return [
        obj(
            ("id",),
            id=ids.of(page, "language", code),
            service_id=service_id,
            name=label,
            code=ISO_LANGUAGES.get(code, code),
        )
        for code, label in labels.items()
    ]


def cost_options(page, service_id: str) -> list[dict]:
    free = page.cost_type == CostType.FREE
    return [
        obj(
            ("id",),
            id=ids.of(page, "cost_option"),
            service_id=service_id,
            option=str(CostType(page.cost_type).label),
            currency=CURRENCY if free else None,
            amount=0 if free else None,
            amount_description=page.cost_description,
        )
    ]


def service_areas(page, service_id: str) -> list[dict]:
    """The municipalities where residents can take part (prefetch ``municipalities``)."""
    return [
        obj(
            ("id",),
            id=ids.of(page, "service_area", municipality.code),
            service_id=service_id,
            name=municipality.name,
            description=_("Municipality, Statistics Finland code %(code)s")
            % {"code": municipality.code},
        )
        for municipality in page.municipalities.all()
    ]


def attributes(page, service_id: str) -> list[dict]:
    """Themes, target groups and accessibility features as taxonomy terms."""
    return [
        obj(
            ("id",),
            id=ids.of(page, "attribute", taxonomy.facet, str(term.pk)),
            link_id=service_id,
            link_type=taxonomy.facet,
            link_entity="service",
            taxonomy_term_id=taxonomy.term_id(term),
            taxonomy_term=term_object(taxonomy, term),
        )
        for taxonomy in TAXONOMIES
        for term in getattr(page, taxonomy.page_field).all()
    ]


def service_at_locations(page, service_id: str) -> list[dict]:
    org_id = organization_id(page.organiser)
    return [
        {
            **service_at_location_summary(location, service_id),
            "location": location_object(page, location, org_id),
        }
        for location in page.locations.all()
    ]


def service_object(page, request, offers, *, with_locations: bool = True) -> dict:
    """The fully nested service (``querysets.prefetch_services`` first for many pages).

    ``offers``: ``capacities.offers_for`` (None: no capacities published).
    ``with_locations``: False inside a service_at_location, which has the place itself.
    """
    service_id = ids.of(page)
    body = service_summary(page, request)
    if "organization" in body:
        body["organization"] = organization_object(page.organiser)
    body.update(
        phones=phones(page, service_id),
        schedules=schedules(page, service_id),
        service_areas=service_areas(page, service_id),
        languages=languages(page, service_id),
        cost_options=cost_options(page, service_id),
        contacts=contacts(page, service_id),
        attributes=attributes(page, service_id),
    )
    if with_locations:
        body["service_at_locations"] = service_at_locations(page, service_id)
    if offers is not None:
        offer = offers.get(page.pk)
        body["capacities"] = [capacity(page, offer, service_id)] if offer else []
    return body
