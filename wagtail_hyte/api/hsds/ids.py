"""Stable HSDS identifiers: a UUID for every object the HSDS endpoints publish.

HSDS wants a UUID for each service, organization, location, schedule, phone
and so on; our rows have integer keys and most HSDS objects (a language of a
service, its cost option, an address) are not rows of their own. An object is
named by a *kind* (the model label plus what it is of that row, e.g.
``"wagtail_hyte_activities.activitypage:language:fi"``) and the row's primary
key, and its id is an RFC 9562 version 8 UUID:

* the upper bits are those of ``uuid5(NAMESPACE, kind)`` (the kind's tag);
* the lowest 62 bits, under the variant bits, are the primary key.

So the same object always gets the same id (no table of ids, nothing to keep
in step), two kinds never share ids, and an id read back from a URL or a
filter gives its primary key in one step (``lookup``): a detail view is one
query by primary key, never a scan. Ids stay the same as long as the rows keep
their primary keys (a database restored from a dump keeps them).

Two installations must not publish the same ids (an aggregator of several
welfare areas' catalogues would merge them): the kinds are tagged under the
installation's namespace, ``WAGTAIL_HYTE["HSDS_ID_NAMESPACE"]`` (a UUID), or
by default one derived from the data controller's business ID
(``CONTROLLER["business_id"]``), or without either the project's own. Set it
once, before the catalogue is first published: changing it changes every id.
"""

from __future__ import annotations

import uuid
from functools import lru_cache

# The project's own namespace: uuid5(NAMESPACE_URL, "https://pypi.org/project/wagtail-hyte/#hsds").
# Never change it: every published id is derived from it.
NAMESPACE = uuid.UUID("6139ce1f-50d4-5850-8eb6-6675e7a794d2")

KEY_BITS = 62
KEY_MASK = (1 << KEY_BITS) - 1
_VERSION_SHIFT = 76
_VERSION_MASK = 0xF << _VERSION_SHIFT
_VERSION = 8


def namespace() -> uuid.UUID:
    """The installation's namespace of ids (see the module's docstring)."""
    from wagtail_hyte.core.conf import hyte_settings

    configured = hyte_settings.HSDS_ID_NAMESPACE
    if configured:
        return uuid.UUID(str(configured))
    business_id = (hyte_settings.CONTROLLER or {}).get("business_id", "").strip()
    if business_id:
        return uuid.uuid5(NAMESPACE, f"controller:{business_id}")
    return NAMESPACE


def _tag(kind: str) -> int:
    return _tag_in(namespace(), kind)


@lru_cache(maxsize=4096)
def _tag_in(space: uuid.UUID, kind: str) -> int:
    """The upper bits of every id of ``kind``: its uuid5, version 8, key bits cleared."""
    value = uuid.uuid5(space, kind).int
    value = (value & ~_VERSION_MASK) | (_VERSION << _VERSION_SHIFT)
    return value & ~KEY_MASK


def make(kind: str, key: int) -> str:
    """The id of the object of ``kind`` for primary key ``key`` (a positive integer)."""
    if not 0 < key <= KEY_MASK:
        raise ValueError(f"HSDS ids need a positive key below 2**{KEY_BITS}: {key!r}")
    return str(uuid.UUID(int=_tag(kind) | key))


def kind_of(model, *parts: str) -> str:
    """``"app_label.model[:part...]"``: the kind of ``model``'s rows, or of something of them."""
    return ":".join([model._meta.label_lower, *parts])


def of(obj, *parts: str) -> str:
    """The id of the model instance ``obj`` (with ``parts``: of something of it)."""
    return make(kind_of(type(obj), *parts), obj.pk)


def lookup(kind: str, value) -> int | None:
    """The primary key in the id ``value`` if it is an id of ``kind``, else None."""
    try:
        number = value.int if isinstance(value, uuid.UUID) else uuid.UUID(str(value)).int
    except (TypeError, ValueError, AttributeError):
        return None
    key = number & KEY_MASK
    if key == 0 or number & ~KEY_MASK != _tag(kind):
        return None
    return key


def lookup_model(model, value, *parts: str) -> int | None:
    """``lookup`` for the rows of ``model`` (with ``parts``: of something of them)."""
    return lookup(kind_of(model, *parts), value)
