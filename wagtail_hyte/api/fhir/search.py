"""Searching referrals as ServiceRequests and Tasks, and the searchset Bundle.

Parameters combine with AND; a parameter's comma-separated values with OR; a
date parameter may repeat (``authored=ge2025-01-01&authored=lt2025-02-01``).
Unknown parameters are ignored (FHIR's lenient handling), a known one with a
bad value is refused with 400. A date without a time is a day in Finnish time
(``core.periods``), like every date in HYTE.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError

from wagtail_hyte.core.periods import add_months, local_midnight

from .statuses import states_for_task_status, statuses_for_service_request_status

DEFAULT_COUNT = 20
MAX_COUNT = 100
PREFIXES = ("eq", "ne", "lt", "le", "gt", "ge")
_DATE = re.compile(r"^(?P<year>\d{4})(-(?P<month>\d{2})(-(?P<day>\d{2}))?)?$")


def _values(params, name: str) -> list[str]:
    return [v for raw in params.getlist(name) for v in raw.split(",") if v.strip()]


def _range(value: str) -> tuple[datetime, datetime]:
    """The instants ``[start, end)`` a FHIR date or dateTime value stands for."""
    match = _DATE.match(value)
    if match:
        year, month, day = match["year"], match["month"], match["day"]
        try:
            if day:
                start = local_midnight(datetime(int(year), int(month), int(day)).date())
                return start, local_midnight(start.date() + timedelta(days=1))
            first = datetime(int(year), int(month or 1), 1).date()
        except ValueError:
            raise ParseError(_("Not a valid date: %(value)s") % {"value": value}) from None
        last = add_months(first, 1 if month else 12)
        return local_midnight(first), local_midnight(last)
    moment = parse_datetime(value) if "T" in value else None
    if moment is None or moment.tzinfo is None:
        raise ParseError(
            _("Not a valid date: %(value)s (a date, or a date and time with a time zone)")
            % {"value": value}
        )
    return moment, moment + timedelta(seconds=1)


def date_filter(params, name: str, field: str) -> Q:
    condition = Q()
    for raw in params.getlist(name):
        prefix, value = (raw[:2], raw[2:]) if raw[:2] in PREFIXES else ("eq", raw)
        start, end = _range(value)
        condition &= {
            "eq": Q(**{f"{field}__gte": start, f"{field}__lt": end}),
            "ne": Q(**{f"{field}__lt": start}) | Q(**{f"{field}__gte": end}),
            "lt": Q(**{f"{field}__lt": start}),
            "le": Q(**{f"{field}__lt": end}),
            "gt": Q(**{f"{field}__gte": end}),
            "ge": Q(**{f"{field}__gte": start}),
        }[prefix]
    return condition


def id_filter(params) -> Q:
    values = _values(params, "_id")
    if not values:
        return Q()
    ids = []
    for value in values:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            continue  # an id that cannot exist matches nothing
    return Q(reference__in=ids)


def identifier_filter(params, name: str) -> Q:
    """``<name>:identifier=[system|]value``: the partner by its business ID."""
    values = [value.rsplit("|", 1)[-1] for value in _values(params, f"{name}:identifier")]
    return Q(partner__business_id__in=values) if values else Q()


def service_request_filter(params) -> Q:
    condition = id_filter(params) & identifier_filter(params, "performer")
    if statuses := _values(params, "status"):
        found = [s for status in statuses for s in statuses_for_service_request_status(status)]
        condition &= Q(status__in=found)
    return condition & date_filter(params, "authored", "sent_at")


def task_filter(params) -> Q:
    condition = id_filter(params) & identifier_filter(params, "owner")
    if statuses := _values(params, "status"):
        either = Q(pk__in=[])
        for status in statuses:
            for state in states_for_task_status(status):
                match = Q(status=state.status)
                if state.reason:
                    match &= Q(cancellation_reason=state.reason)
                either |= match
        condition &= either
    if focus := _values(params, "focus"):
        references = []
        for value in focus:
            try:
                references.append(uuid.UUID(value.rsplit("/", 1)[-1]))
            except ValueError:
                continue
        condition &= Q(reference__in=references)
    return condition & date_filter(params, "authored-on", "sent_at")


def _number(params, name: str, default: int, maximum: int | None = None) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ParseError(_("%(name)s must be a whole number from 1.") % {"name": name})
    return min(int(raw), maximum) if maximum else int(raw)


def searchset(queryset, params, *, url: str, base: str, resource_type: str, to_resource) -> dict:
    """One page of ``queryset`` (newest first) as a searchset Bundle."""
    count = _number(params, "_count", DEFAULT_COUNT, MAX_COUNT)
    page = _number(params, "page", 1)
    total = queryset.count()
    rows = list(queryset.order_by("-sent_at", "-pk")[(page - 1) * count : page * count])

    def link(relation: str, number: int) -> dict:
        query = [(k, v) for k in params for v in params.getlist(k) if k not in ("page", "_count")]
        query += [("_count", count), ("page", number)]
        return {"relation": relation, "url": f"{url}?{urlencode(query)}"}

    links = [link("self", page), link("first", 1)]
    if page > 1:
        links.append(link("previous", page - 1))
    if page * count < total:
        links.append(link("next", page + 1))
    bundle = {"resourceType": "Bundle", "type": "searchset", "total": total, "link": links}
    if rows:  # FHIR JSON has no empty arrays
        bundle["entry"] = [
            {
                "fullUrl": f"{base}{resource_type}/{row.reference}",
                "resource": to_resource(row),
                "search": {"mode": "match"},
            }
            for row in rows
        ]
    return bundle
