"""The one way the tests make their data: plain functions with keyword arguments.

The fixtures in ``tests/conftest.py`` and ``tests/*/conftest.py`` (``make_user``,
``make_partner``, ``catalogue``, ``make_activity``, ``make_agreement``) are thin
wrappers over these; a test that needs data outside a fixture calls them directly.

- ``make_user(role=None, *, partner=None, partner_role="staff", username=None, **fields)``
- ``make_partner(name=None, kind="association", **fields)``
- ``seed_taxonomies()``: the shipped themes, target groups and accessibility features
- ``make_catalogue(parent=None, *, title="Hyvinvointitarjotin", slug=None, **fields)``
- ``make_activity(title=None, *, parent=None, organiser=None, themes=..., ...)``
- ``make_agreement(partner=None, *, status="draft", user=None, **fields)``
- ``clone_referrals(template, n, **fields)``: bulk copies of a referral (for listings)

Every function writes to the database: call it inside a test that has ``db``.
"""

import itertools
from datetime import date, time, timedelta

_n = itertools.count(1)

DEFAULT_ORGANISER = {"slug": "keski-suomen-latu", "name": "Keski-Suomen Latu ry"}
PARTNER_INBOXES = "inbox@partner.invalid, staff@partner.invalid"


def _next() -> int:
    return next(_n)


# --- people and organisations ---------------------------------------------------


def make_user(role=None, *, partner=None, partner_role="staff", username=None, **fields):
    """A user in a HYTE role (``core.roles.GROUP_NAMES``) or ``"superuser"``.

    The password is ``"pw-" + username``. With ``partner`` the user is also a
    member of that partner (``partner_role``: "staff" or "admin").
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from wagtail_hyte.core.roles import GROUP_NAMES, setup_roles
    from wagtail_hyte.partners.models import PartnerMembership

    username = username or f"{role or 'user'}{_next()}"
    user = get_user_model().objects.create_user(
        username=username,
        email=fields.pop("email", f"{username}@example.invalid"),
        password="pw-" + username,
        **fields,
    )
    if role == "superuser":
        user.is_superuser = user.is_staff = True
        user.save()
    elif role:
        group = Group.objects.filter(name=GROUP_NAMES[role]).first()
        if group is None:
            setup_roles()
            group = Group.objects.get(name=GROUP_NAMES[role])
        user.groups.add(group)
    if partner is not None:
        PartnerMembership.objects.create(partner=partner, user=user, role=partner_role)
    return user


def make_partner(name=None, kind="association", **fields):
    from wagtail_hyte.partners.models import Partner

    return Partner.objects.create(name=name or f"Partner {_next()}", kind=kind, **fields)


def default_organiser():
    """The partner that organises an activity made without ``organiser``."""
    from wagtail_hyte.partners.models import Partner

    partner = Partner.objects.filter(slug=DEFAULT_ORGANISER["slug"]).first()
    return partner or make_partner(DEFAULT_ORGANISER["name"], slug=DEFAULT_ORGANISER["slug"])


# --- the catalogue ----------------------------------------------------------------


def seed_taxonomies():
    """The shipped taxonomies (the migrations seed them; a flush removes them)."""
    from wagtail_hyte.activities.models import AccessibilityFeature, TargetGroup, Theme
    from wagtail_hyte.activities.taxonomy_seed import seed_taxonomies as seed

    seed(Theme, TargetGroup, AccessibilityFeature)


def _site_root():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.specific


def make_catalogue(parent=None, *, title="Hyvinvointitarjotin", slug=None, **fields):
    """A new ``ActivityIndexPage`` under ``parent`` (default: the default site's root)."""
    from wagtail_hyte.activities.models import ActivityIndexPage

    return (parent or _site_root()).add_child(
        instance=ActivityIndexPage(title=title, slug=slug or f"tarjotin-{_next()}", **fields)
    )


def make_activity(
    title=None,
    *,
    parent=None,
    organiser=None,
    themes=("nature",),
    target_groups=(),
    accessibility=(),
    municipalities=("179",),
    weekly=((0, time(10)),),
    meetings=None,
    locations=(),
    publish=True,
    **fields,
):
    """A live, published ``ActivityPage``; keyword arguments set its fields.

    ``parent``: the catalogue (default: the first one, or a new one);
    ``organiser``: a partner (default: ``default_organiser()``);
    ``themes``, ``target_groups``, ``accessibility``: slugs; ``municipalities``: codes;
    ``weekly``: (weekday, start[, end]) tuples; ``meetings``: dates or
    ``ActivityMeeting`` rows (one is a one-off, more a series, instead of ``weekly``);
    ``locations``: dicts of ``ActivityLocation`` fields (``municipality`` a code).
    Returns the page as read back from the database.
    """
    from wagtail_hyte.activities.models import (
        AccessibilityFeature,
        ActivityIndexPage,
        ActivityLocation,
        ActivityMeeting,
        ActivityPage,
        TargetGroup,
        Theme,
        WeeklyTime,
    )
    from wagtail_hyte.core.models import Municipality

    n = _next()
    page = ActivityPage(
        title=title or f"Toiminta {n}",
        slug=fields.pop("slug", f"toiminta-{n}"),
        organiser=organiser or default_organiser(),
        summary=fields.pop("summary", "Yhteistä tekemistä ja hyvää mieltä."),
        **fields,
    )
    if meetings is not None:
        page.schedule_type = "one_off" if len(meetings) == 1 else "series"
        page.meetings = [
            ActivityMeeting(date=d, start_time=time(18)) if isinstance(d, date) else d
            for d in meetings
        ]
    else:
        page.schedule_type = "weekly"
        page.weekly_times = [
            WeeklyTime(weekday=slot[0], start_time=slot[1], end_time=slot[2] if slot[2:] else None)
            for slot in weekly
        ]
    page.locations = [
        ActivityLocation(
            **{
                **location,
                "municipality": Municipality.objects.get(code=location["municipality"]),
            }
        )
        if "municipality" in location
        else ActivityLocation(**location)
        for location in locations
    ]
    page.themes = list(Theme.objects.filter(slug__in=themes))
    page.target_groups = list(TargetGroup.objects.filter(slug__in=target_groups))
    page.accessibility_features = list(AccessibilityFeature.objects.filter(slug__in=accessibility))
    page.municipalities = list(Municipality.objects.filter(code__in=municipalities))
    parent = parent or ActivityIndexPage.objects.first() or make_catalogue()
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return ActivityPage.objects.get(pk=page.pk)


# --- agreements -------------------------------------------------------------------


def make_agreement(partner=None, *, status="draft", user=None, **fields):
    """A ``PartnerAgreement`` (default: a new partner, valid from 30 days ago for a
    year, quota 5 a month, contact in 5 working days, two notification addresses),
    taken through the services to ``status``: "draft", "active", "suspended",
    "ended" (activated first) or "draft-ended" (ended without activation)."""
    from wagtail_hyte.agreements import services
    from wagtail_hyte.agreements.models import PartnerAgreement
    from wagtail_hyte.core.periods import local_date

    n = _next()
    today = local_date()
    values = {
        "reference_number": f"T-{n:04d}",
        "title": f"Agreement {n}",
        "valid_from": today - timedelta(days=30),
        "valid_to": today + timedelta(days=365),
        "quota": 5,
        "quota_period": "month",
        "contact_days": 5,
        "notification_emails": PARTNER_INBOXES,
        **fields,
    }
    agreement = PartnerAgreement.objects.create(partner=partner or make_partner(), **values)
    if status in ("active", "suspended", "ended"):
        services.activate(agreement, user=user, reason="test")
    if status == "suspended":
        services.suspend(agreement, user=user, reason="test")
    if status in ("ended", "draft-ended"):
        services.end(agreement, user=user, reason="test")
    agreement.refresh_from_db()
    return agreement


# --- referrals --------------------------------------------------------------------


def clone_referrals(template, n, **fields):
    """``n`` copies of the referral ``template`` (same client and consent, each sent a
    minute earlier than the last), made with one bulk insert; ``fields`` override."""
    import uuid

    from wagtail_hyte.referrals.models import Referral

    rows = []
    for i in range(n):
        values = {
            f.attname: getattr(template, f.attname)
            for f in Referral._meta.concrete_fields
            if not f.primary_key
        }
        values.update(reference=uuid.uuid4(), sent_at=template.sent_at - timedelta(minutes=i))
        values.update(fields)
        rows.append(Referral(**values))
    return Referral.objects.bulk_create(rows)
