"""Finding a place's coordinates from its address (geocoding), pluggable.

The backend is ``WAGTAIL_HYTE["GEOCODER"]``: ``None`` (off, the default) or
``{"BACKEND": "dotted.path.Class", "OPTIONS": {...}}`` naming a
:class:`Geocoder` subclass. Shipped backends:

- :class:`PeliasGeocoder`: a Pelias ``/v1/search`` API, by default
  Digitransit's (Finland's public-transport geocoder; needs an API key);
- :class:`StaticGeocoder`: an offline list of known places (``OPTIONS["PLACES"]``).

Only the venue's address (street, postal code, municipality) is sent to an
outside service, never anything about a person. Backends raise
:class:`GeocodingError` for network, HTTP and JSON problems; :func:`locate` and
:func:`fill_missing_coordinates` catch it, log the backend class and the kind of
failure (never the address) and tell the editor in a translated message.

Callers: the editor's "Find coordinates from the address" button
(``geocode_views.py``, ``static/wagtail_hyte/activities/geocode.js``) and
``ActivityPageForm.clean`` (the server-side fill, which works without JavaScript).
"""

from __future__ import annotations

import json
import logging
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from wagtail_hyte.core.conf import SETTINGS_NAME, hyte_settings

logger = logging.getLogger(__name__)

SIX_PLACES = Decimal("0.000001")

# Finland's bounding box (mainland, Åland and the islands): a hit outside it is
# taken to be a wrong match and treated as "not found".
FINLAND_LATITUDE = (Decimal("59.3"), Decimal("70.2"))
FINLAND_LONGITUDE = (Decimal("19.0"), Decimal("31.7"))


def _coordinate(value: Any) -> Decimal:
    """A coordinate as a Decimal with six decimal places (about 10 cm)."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError("not a number") from exc
    if not number.is_finite():
        raise ValueError("not a finite number")
    return number.quantize(SIX_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class GeocodeQuery:
    """What is looked up: a venue's address, never anything about a person."""

    street_address: str
    postal_code: str = ""
    municipality: str = ""

    def text(self) -> str:
        """The address as one line: "Street 1, 40100 Jyväskylä" (the parts given)."""
        place = " ".join(p for p in (self.postal_code.strip(), self.municipality.strip()) if p)
        return ", ".join(p for p in (self.street_address.strip(), place) if p)


@dataclass(frozen=True)
class GeocodeResult:
    """A place found: latitude and longitude (Decimal, six places) and a label."""

    latitude: Decimal
    longitude: Decimal
    label: str = ""

    def __post_init__(self):
        object.__setattr__(self, "latitude", _coordinate(self.latitude))
        object.__setattr__(self, "longitude", _coordinate(self.longitude))
        object.__setattr__(self, "label", str(self.label or ""))

    def in_finland(self) -> bool:
        return (
            FINLAND_LATITUDE[0] <= self.latitude <= FINLAND_LATITUDE[1]
            and FINLAND_LONGITUDE[0] <= self.longitude <= FINLAND_LONGITUDE[1]
        )


class GeocodingError(Exception):
    """The address service failed (not "not found"). ``kind`` says how, for logs:
    "timeout", "network", "http", "json" or "response"."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


class Geocoder:
    """A geocoding backend: ``geocode(query)`` returns a :class:`GeocodeResult`,
    or ``None`` when nothing is found; service failures raise :class:`GeocodingError`."""

    def __init__(self, options: dict | None = None):
        self.options = dict(options or {})

    def geocode(self, query: GeocodeQuery) -> GeocodeResult | None:
        raise NotImplementedError


def _active_language() -> str:
    language = (translation.get_language() or "fi").split("-")[0].lower()
    return language if language in ("fi", "sv", "en") else "fi"


class PeliasGeocoder(Geocoder):
    """A Pelias ``/v1/search`` API (by default Digitransit's) over ``urllib``.

    Options: ``URL`` (default Digitransit's), ``API_KEY`` (sent in the header
    ``API_KEY_HEADER``, default ``digitransit-subscription-key``), ``TIMEOUT``
    (seconds, default 3) and ``COUNTRY`` (``boundary.country``, default ``FIN``).
    ``opener(request, timeout=...)`` (default ``urllib.request.urlopen``) is
    injectable, so tests fake the HTTP response.
    """

    DEFAULT_URL = "https://api.digitransit.fi/geocoding/v1/search"
    DEFAULT_API_KEY_HEADER = "digitransit-subscription-key"
    DEFAULT_TIMEOUT = 3
    MAX_RESPONSE_BYTES = 1_000_000

    def __init__(self, options: dict | None = None, opener=None):
        super().__init__(options)
        self.url = self.options.get("URL") or self.DEFAULT_URL
        if urllib.parse.urlsplit(self.url).scheme not in ("http", "https"):
            raise ImproperlyConfigured("PeliasGeocoder: OPTIONS['URL'] must be http(s).")
        self.api_key = self.options.get("API_KEY") or ""
        self.api_key_header = self.options.get("API_KEY_HEADER") or self.DEFAULT_API_KEY_HEADER
        self.timeout = float(self.options.get("TIMEOUT") or self.DEFAULT_TIMEOUT)
        self.country = self.options.get("COUNTRY", "FIN")
        self.opener = opener or urllib.request.urlopen

    def build_request(self, query: GeocodeQuery) -> urllib.request.Request:
        params = {"text": query.text(), "size": "1", "lang": _active_language()}
        if self.country:
            params["boundary.country"] = self.country
        separator = "&" if "?" in self.url else "?"
        headers = {"Accept": "application/json", "User-Agent": "wagtail-hyte"}
        if self.api_key:
            headers[self.api_key_header] = self.api_key
        url = self.url + separator + urllib.parse.urlencode(params)
        return urllib.request.Request(url, headers=headers)  # noqa: S310 (http(s), __init__)

    def fetch(self, request: urllib.request.Request) -> bytes:
        try:
            with self.opener(request, timeout=self.timeout) as response:
                return response.read(self.MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise GeocodingError("http", f"status {exc.code}") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise GeocodingError("timeout") from None
            raise GeocodingError("network", type(exc.reason).__name__) from None
        except TimeoutError:
            raise GeocodingError("timeout") from None
        except OSError as exc:
            raise GeocodingError("network", type(exc).__name__) from None

    def geocode(self, query: GeocodeQuery) -> GeocodeResult | None:
        if not query.street_address.strip():
            return None
        body = self.fetch(self.build_request(query))
        if len(body) > self.MAX_RESPONSE_BYTES:
            raise GeocodingError("response", "too large")
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise GeocodingError("json") from None
        return self.parse(data)

    def parse(self, data: Any) -> GeocodeResult | None:
        """The first GeoJSON feature: ``geometry.coordinates`` ([lon, lat]) and
        ``properties.label``; ``None`` without one or outside Finland."""
        if not isinstance(data, dict) or not isinstance(data.get("features", []), list):
            raise GeocodingError("response", "no feature list")
        features = data.get("features") or []
        if not features:
            return None
        feature = features[0]
        try:
            lon, lat = feature["geometry"]["coordinates"][:2]
            properties = feature.get("properties") or {}
            label = properties.get("label") or properties.get("name") or ""
            result = GeocodeResult(latitude=lat, longitude=lon, label=str(label))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise GeocodingError("response", "malformed feature") from None
        return result if result.in_finland() else None


def normalise_address(text: str) -> str:
    """Case, commas and runs of whitespace do not matter: "Kauppakatu 1,40100
    JYVÄSKYLÄ" and "kauppakatu 1 40100 jyväskylä" are the same place."""
    text = unicodedata.normalize("NFC", str(text or "")).replace(",", " ")
    return " ".join(text.casefold().split())


class StaticGeocoder(Geocoder):
    """Offline: ``OPTIONS["PLACES"] = {"Street 1, 40100 Jyväskylä": [lat, lon], ...}``.

    Used by the tests, and by a site with a fixed list of venues. The label is
    the place as written in ``PLACES``."""

    def __init__(self, options: dict | None = None):
        super().__init__(options)
        self.places = {}
        for address, coordinates in (self.options.get("PLACES") or {}).items():
            lat, lon = coordinates
            self.places[normalise_address(address)] = GeocodeResult(lat, lon, address)

    def geocode(self, query: GeocodeQuery) -> GeocodeResult | None:
        if not query.street_address.strip():
            return None
        return self.places.get(normalise_address(query.text()))


# --- the configured backend ------------------------------------------------------

_cache: dict[str, Geocoder | None] = {}


def geocoder_class(config: Any) -> type[Geocoder]:
    """The backend class ``config`` names; ``ImproperlyConfigured`` if it cannot
    be used (the check ``hyte.E021`` reports the same message)."""
    if not isinstance(config, dict):
        raise ImproperlyConfigured(
            f"{SETTINGS_NAME}['GEOCODER'] must be None or a dict with 'BACKEND'."
        )
    path = config.get("BACKEND")
    if not isinstance(path, str) or not path:
        raise ImproperlyConfigured(f"{SETTINGS_NAME}['GEOCODER'] has no 'BACKEND'.")
    try:
        cls = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"{SETTINGS_NAME}['GEOCODER']['BACKEND'] = {path!r} could not be imported: {exc}"
        ) from exc
    if not (isinstance(cls, type) and issubclass(cls, Geocoder)):
        raise ImproperlyConfigured(
            f"{SETTINGS_NAME}['GEOCODER']['BACKEND'] = {path!r} is not a Geocoder subclass."
        )
    options = config.get("OPTIONS", {})
    if options is not None and not isinstance(options, dict):
        raise ImproperlyConfigured(f"{SETTINGS_NAME}['GEOCODER']['OPTIONS'] must be a dict.")
    return cls


def is_configured() -> bool:
    """A geocoder is configured (``GEOCODER`` is not ``None``)."""
    return hyte_settings.GEOCODER is not None


def get_geocoder() -> Geocoder | None:
    """The configured backend, built once (reset when ``WAGTAIL_HYTE`` changes),
    or ``None`` when geocoding is off."""
    if "geocoder" not in _cache:
        config = hyte_settings.GEOCODER
        if config is None:
            _cache["geocoder"] = None
        else:
            cls = geocoder_class(config)
            _cache["geocoder"] = cls(dict(config.get("OPTIONS") or {}))
    return _cache["geocoder"]


def _reset(*, setting, **kwargs):
    if setting == SETTINGS_NAME:
        _cache.clear()


setting_changed.connect(_reset)


# --- helpers for the editor ------------------------------------------------------


def not_found_message() -> str:
    return gettext("No place found for this address. Check the address or type the coordinates.")


def failed_message() -> str:
    return gettext("The address service did not answer. Try again or type the coordinates.")


def not_configured_message() -> str:
    return gettext("This site has no address service. Type the coordinates.")


FOUND, NOT_FOUND, FAILED, OFF = "found", "not_found", "failed", "off"


def lookup(
    street_address: str, postal_code: str = "", municipality_name: str = ""
) -> tuple[str, GeocodeResult | None, str]:
    """:func:`locate` with the outcome: ``(FOUND | NOT_FOUND | FAILED | OFF,
    result or None, translated message)``."""
    geocoder = get_geocoder()
    if geocoder is None:
        return OFF, None, not_configured_message()
    query = GeocodeQuery(
        street_address=str(street_address or ""),
        postal_code=str(postal_code or ""),
        municipality=str(municipality_name or ""),
    )
    backend = type(geocoder).__name__
    try:
        result = geocoder.geocode(query)
    except GeocodingError as exc:
        logger.warning("Geocoding failed: backend=%s kind=%s", backend, exc.kind)
        return FAILED, None, failed_message()
    except Exception as exc:  # a third-party backend's bug must not break saving
        logger.error("Geocoding failed: backend=%s kind=unexpected:%s", backend, type(exc).__name__)
        return FAILED, None, failed_message()
    if result is None:
        logger.info("Geocoding found nothing: backend=%s", backend)
        return NOT_FOUND, None, not_found_message()
    label = result.label or f"{result.latitude}, {result.longitude}"
    return FOUND, result, gettext("Found: %(label)s") % {"label": label}


def locate(
    street_address: str, postal_code: str = "", municipality_name: str = ""
) -> tuple[GeocodeResult | None, str]:
    """Geocode a venue address: ``(result or None, translated message)``.

    Never raises for a failing service; logs the backend and the kind of
    failure only (never the address)."""
    _outcome, result, message = lookup(street_address, postal_code, municipality_name)
    return result, message


def fill_missing_coordinates(formset) -> None:
    """The server-side fill of ``ActivityPageForm.clean``: every valid, kept
    location row with a street address and neither coordinate gets both from
    the geocoder. A failed lookup adds no error: coordinates stay optional.
    Does nothing without a geocoder."""
    if formset is None or not is_configured():
        return
    formset.is_valid()  # cleans the rows (cached; the form checks them again anyway)
    for form in formset.forms:
        if not form.is_valid():
            continue
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        if data.get("latitude") is not None or data.get("longitude") is not None:
            continue
        street = (data.get("street_address") or "").strip()
        if not street:
            continue
        municipality = data.get("municipality")
        result, _message = locate(
            street, data.get("postal_code") or "", municipality.name if municipality else ""
        )
        if result is None:
            continue
        for name in ("latitude", "longitude"):
            value = getattr(result, name)
            data[name] = value
            setattr(form.instance, name, value)
            # An existing row whose fields did not change would not be saved.
            if name not in form.changed_data:
                form.changed_data.append(name)
