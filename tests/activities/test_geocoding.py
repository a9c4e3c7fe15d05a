"""Finding a location's coordinates from its address (activities/geocoding.py):
the Pelias backend with a faked opener, the offline StaticGeocoder, the
configured backend, the server-side fill through the admin editor, the editor's
endpoint (geocode_views.py), the widget and the checks hyte.E021 / hyte.W021.

Nothing here touches the network: the Pelias backend always gets a fake opener.
"""

import io
import json
import logging
import urllib.error
import urllib.parse
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.helpers import page_edit_url, page_form_data
from wagtail_hyte.activities.checks import check_geocoder
from wagtail_hyte.activities.geocoding import (
    GeocodeQuery,
    GeocodeResult,
    GeocodingError,
    PeliasGeocoder,
    StaticGeocoder,
    fill_missing_coordinates,
    get_geocoder,
    locate,
)
from wagtail_hyte.activities.models import ActivityLocation
from wagtail_hyte.core.models import Municipality
from wagtail_hyte.core.roles import EDITOR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

STATIC = "wagtail_hyte.activities.geocoding.StaticGeocoder"
PELIAS = "wagtail_hyte.activities.geocoding.PeliasGeocoder"
LIBRARY = "Vapaudenkatu 39, 40100 Jyväskylä"
PLACES = {LIBRARY: [62.2441, 25.7472], "Kauppakatu 1, 87100 Kajaani": ["64.2245", "27.7334"]}
NOT_FOUND = "No place found for this address. Check the address or type the coordinates."
FAILED = "The address service did not answer. Try again or type the coordinates."


def configure(settings, backend=STATIC, options=None, **extra):
    settings.WAGTAIL_HYTE = {
        **settings.WAGTAIL_HYTE,
        "GEOCODER": {
            "BACKEND": backend,
            "OPTIONS": {"PLACES": PLACES} if options is None else options,
            **extra,
        },
    }


def feature_collection(lon=25.748889, lat=62.241111, label="Vapaudenkatu 39, Jyväskylä"):
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"label": label},
            }
        ],
    }


class FakeOpener:
    """``urlopen`` stand-in: records the requests and answers ``body`` (bytes,
    or a dict as JSON), or raises ``error``."""

    def __init__(self, body=None, error=None):
        self.body = body if body is not None else feature_collection()
        self.error = error
        self.requests = []
        self.timeouts = []

    def __call__(self, request, timeout=None):
        self.requests.append(request)
        self.timeouts.append(timeout)
        if self.error is not None:
            raise self.error
        body = self.body if isinstance(self.body, bytes) else json.dumps(self.body).encode()
        return io.BytesIO(body)

    def params(self, index=-1):
        query = urllib.parse.urlsplit(self.requests[index].full_url).query
        return dict(urllib.parse.parse_qsl(query))


QUERY = GeocodeQuery("Vapaudenkatu 39", "40100", "Jyväskylä")


# --- the result and the query ----------------------------------------------------


def test_result_is_quantized_to_six_places_and_frozen():
    result = GeocodeResult(62.2411114, "25.7488886", "x")
    assert result.latitude == Decimal("62.241111") and result.longitude == Decimal("25.748889")
    assert str(result.latitude) == "62.241111"
    with pytest.raises(AttributeError):
        result.latitude = Decimal(1)


def test_query_text_joins_the_given_parts():
    assert QUERY.text() == "Vapaudenkatu 39, 40100 Jyväskylä"
    assert GeocodeQuery("Vapaudenkatu 39", "", "Jyväskylä").text() == "Vapaudenkatu 39, Jyväskylä"
    assert GeocodeQuery("Vapaudenkatu 39").text() == "Vapaudenkatu 39"


# --- PeliasGeocoder ---------------------------------------------------------------


def test_pelias_success_parses_lon_lat_and_label():
    opener = FakeOpener()
    result = PeliasGeocoder({"API_KEY": "k"}, opener=opener).geocode(QUERY)
    assert result == GeocodeResult(
        Decimal("62.241111"), Decimal("25.748889"), "Vapaudenkatu 39, Jyväskylä"
    )
    request = opener.requests[0]
    assert request.full_url.startswith("https://api.digitransit.fi/geocoding/v1/search?")
    params = opener.params()
    assert params["text"] == "Vapaudenkatu 39, 40100 Jyväskylä"
    assert params["size"] == "1" and params["boundary.country"] == "FIN"
    assert params["lang"] == "en"
    assert opener.timeouts == [3.0]


def test_pelias_sends_the_key_in_the_named_header():
    opener = FakeOpener()
    PeliasGeocoder({"API_KEY": "secret-key"}, opener=opener).geocode(QUERY)
    # urllib capitalises header names: "Digitransit-subscription-key"
    assert opener.requests[0].get_header("Digitransit-subscription-key") == "secret-key"
    opener = FakeOpener()
    PeliasGeocoder(
        {"API_KEY": "k2", "API_KEY_HEADER": "X-Api-Key", "URL": "https://pelias.invalid/v1/search"},
        opener=opener,
    ).geocode(QUERY)
    assert opener.requests[0].get_header("X-api-key") == "k2"
    assert opener.requests[0].full_url.startswith("https://pelias.invalid/v1/search?")
    # without a key no key header at all
    opener = FakeOpener()
    PeliasGeocoder({}, opener=opener).geocode(QUERY)
    assert opener.requests[0].get_header("Digitransit-subscription-key") is None


@pytest.mark.parametrize(
    ("language", "expected"), [("fi", "fi"), ("sv", "sv"), ("en", "en"), ("de", "fi")]
)
def test_pelias_asks_in_the_active_language(language, expected):
    opener = FakeOpener()
    with translation.override(language):
        PeliasGeocoder({"API_KEY": "k"}, opener=opener).geocode(QUERY)
    assert opener.params()["lang"] == expected


def test_pelias_timeout_option():
    opener = FakeOpener()
    PeliasGeocoder({"API_KEY": "k", "TIMEOUT": 1.5}, opener=opener).geocode(QUERY)
    assert opener.timeouts == [1.5]


def test_pelias_not_found():
    opener = FakeOpener({"type": "FeatureCollection", "features": []})
    assert PeliasGeocoder({"API_KEY": "k"}, opener=opener).geocode(QUERY) is None


@pytest.mark.parametrize(
    ("lon", "lat"),
    [(18.06, 59.33), (25.7, 58.9), (25.7, 70.5), (32.0, 62.0), (-0.1, 51.5)],
)
def test_pelias_outside_finland_is_not_found(lon, lat):
    opener = FakeOpener(feature_collection(lon=lon, lat=lat))
    assert PeliasGeocoder({"API_KEY": "k"}, opener=opener).geocode(QUERY) is None


def test_pelias_aland_is_inside_finland():
    opener = FakeOpener(feature_collection(lon=19.94, lat=60.10, label="Mariehamn"))
    assert PeliasGeocoder({"API_KEY": "k"}, opener=opener).geocode(QUERY).label == "Mariehamn"


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (urllib.error.HTTPError("https://x.invalid", 503, "Service Unavailable", {}, None), "http"),
        (urllib.error.HTTPError("https://x.invalid", 401, "Unauthorized", {}, None), "http"),
        (TimeoutError("timed out"), "timeout"),
        (TimeoutError("timed out"), "timeout"),
        (urllib.error.URLError(TimeoutError()), "timeout"),
        (urllib.error.URLError(ConnectionRefusedError()), "network"),
        (ConnectionResetError(), "network"),
    ],
)
def test_pelias_service_failures_raise_geocoding_error(error, kind):
    geocoder = PeliasGeocoder({"API_KEY": "k"}, opener=FakeOpener(error=error))
    with pytest.raises(GeocodingError) as caught:
        geocoder.geocode(QUERY)
    assert caught.value.kind == kind


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"<html>Bad gateway</html>", "json"),
        (b"\xff\xfe\x00garbage", "json"),
        (b"[1, 2]", "response"),
        (b'{"features": "nope"}', "response"),
        (b'{"features": [{"geometry": {"coordinates": ["a", "b"]}}]}', "response"),
        (b'{"features": [{"geometry": null}]}', "response"),
    ],
)
def test_pelias_garbage_raises_geocoding_error(body, kind):
    geocoder = PeliasGeocoder({"API_KEY": "k"}, opener=FakeOpener(body))
    with pytest.raises(GeocodingError) as caught:
        geocoder.geocode(QUERY)
    assert caught.value.kind == kind


def test_pelias_without_street_asks_nothing():
    opener = FakeOpener()
    assert PeliasGeocoder({"API_KEY": "k"}, opener=opener).geocode(GeocodeQuery(" ")) is None
    assert opener.requests == []


# --- StaticGeocoder ----------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        GeocodeQuery("Vapaudenkatu 39", "40100", "Jyväskylä"),
        GeocodeQuery("  VAPAUDENKATU   39 ", "40100", "JYVÄSKYLÄ"),
        GeocodeQuery("vapaudenkatu 39,", " 40100", "jyväskylä "),
    ],
)
def test_static_matches_after_normalising(query):
    result = StaticGeocoder({"PLACES": PLACES}).geocode(query)
    assert result == GeocodeResult(Decimal("62.2441"), Decimal("25.7472"), LIBRARY)


def test_static_does_not_guess():
    geocoder = StaticGeocoder({"PLACES": PLACES})
    assert geocoder.geocode(GeocodeQuery("Vapaudenkatu 40", "40100", "Jyväskylä")) is None
    assert geocoder.geocode(GeocodeQuery("", "40100", "Jyväskylä")) is None
    assert StaticGeocoder({}).geocode(QUERY) is None


# --- the configured backend ----------------------------------------------------------


def test_off_by_default():
    assert get_geocoder() is None
    assert locate("Vapaudenkatu 39", "40100", "Jyväskylä")[0] is None


def test_get_geocoder_is_cached_and_reset_when_settings_change(settings):
    configure(settings)
    first = get_geocoder()
    assert isinstance(first, StaticGeocoder) and get_geocoder() is first
    configure(settings, options={"PLACES": {}})
    second = get_geocoder()
    assert second is not first and second.places == {}
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "GEOCODER": None}
    assert get_geocoder() is None


def test_locate_messages(settings):
    configure(settings)
    result, message = locate("Vapaudenkatu 39", "40100", "Jyväskylä")
    assert result.latitude == Decimal("62.244100") and message == f"Found: {LIBRARY}"
    assert locate("Nowhere 1", "40100", "Jyväskylä") == (None, NOT_FOUND)


def test_locate_turns_failures_into_a_message_and_logs_no_address(settings, caplog, monkeypatch):
    configure(settings, backend=PELIAS, options={"API_KEY": "k"})
    geocoder = get_geocoder()
    monkeypatch.setattr(geocoder, "opener", FakeOpener(error=TimeoutError()))
    with caplog.at_level(logging.INFO, logger="wagtail_hyte.activities.geocoding"):
        assert locate("Vapaudenkatu 39", "40100", "Jyväskylä") == (None, FAILED)
        monkeypatch.setattr(geocoder, "opener", FakeOpener(b"garbage"))
        assert locate("Vapaudenkatu 39", "40100", "Jyväskylä") == (None, FAILED)
        monkeypatch.setattr(geocoder, "opener", FakeOpener({"features": []}))
        assert locate("Vapaudenkatu 39", "40100", "Jyväskylä") == (None, NOT_FOUND)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "kind=timeout" in logged and "kind=json" in logged and "PeliasGeocoder" in logged
    assert "Vapaudenkatu" not in logged and "40100" not in logged and "Jyväskylä" not in logged


def test_locate_survives_a_broken_backend(settings, monkeypatch):
    configure(settings)

    def boom(query):
        raise RuntimeError("bug with " + query.text())

    monkeypatch.setattr(get_geocoder(), "geocode", boom)
    assert locate("Vapaudenkatu 39", "40100", "Jyväskylä") == (None, FAILED)


def test_locate_in_finnish(settings):
    configure(settings)
    with translation.override("fi"):
        _result, message = locate("Nowhere 1")
    assert message  # translated by the lead; never empty


# --- the server-side fill through the admin editor -----------------------------------------


def jyvaskyla():
    return Municipality.objects.get(code="179")


@pytest.fixture
def editing(client, make_user, make_activity):
    page = make_activity(
        "Lukupiiri",
        locations=[
            {
                "name": "Kirjasto",
                "street_address": "Vapaudenkatu 39",
                "postal_code": "40100",
                "municipality": "179",
            }
        ],
    )
    client.force_login(make_user("superuser"))
    return client, page


def publish(client, page, data):
    data["action-publish"] = ["action-publish"]
    response = client.post(page_edit_url(page), data)
    assert response.status_code == 302, response.context and [
        response.context["form"].errors,
        [f.errors for f in response.context["form"].formsets["locations"].forms],
    ]


def test_saving_fills_an_unchanged_location_without_coordinates(settings, editing):
    client, page = editing
    configure(settings)
    publish(client, page, page_form_data(client, page))
    location = ActivityLocation.objects.get(page=page)
    assert (location.latitude, location.longitude) == (Decimal("62.244100"), Decimal("25.747200"))


def test_saving_fills_a_new_location_and_keeps_typed_coordinates(settings, editing):
    client, page = editing
    configure(settings)
    municipality = str(jyvaskyla().pk)
    kajaani = str(Municipality.objects.get(code="205").pk)
    data = page_form_data(
        client,
        page,
        **{
            # the existing row: typed coordinates (not where PLACES puts it) are kept
            "locations-0-latitude": "62.100000",
            "locations-0-longitude": "25.100000",
            "locations-TOTAL_FORMS": "3",
            "locations-1-name": "Kauppa",
            "locations-1-street_address": "Kauppakatu 1",
            "locations-1-postal_code": "87100",
            "locations-1-municipality": kajaani,
            "locations-1-latitude": "",
            "locations-1-longitude": "",
            "locations-1-ORDER": "2",
            "locations-1-id": "",
            # an unknown address: saved without coordinates and without an error
            "locations-2-name": "Tuntematon",
            "locations-2-street_address": "Olematon tie 5",
            "locations-2-postal_code": "40100",
            "locations-2-municipality": municipality,
            "locations-2-latitude": "",
            "locations-2-longitude": "",
            "locations-2-ORDER": "3",
            "locations-2-id": "",
        },
    )
    publish(client, page, data)
    rows = {row.name: row for row in ActivityLocation.objects.filter(page=page)}
    assert (rows["Kirjasto"].latitude, rows["Kirjasto"].longitude) == (
        Decimal("62.100000"),
        Decimal("25.100000"),
    )
    assert (rows["Kauppa"].latitude, rows["Kauppa"].longitude) == (
        Decimal("64.224500"),
        Decimal("27.733400"),
    )
    assert rows["Tuntematon"].latitude is None and rows["Tuntematon"].longitude is None


def test_saving_without_a_geocoder_changes_nothing(editing):
    client, page = editing
    publish(client, page, page_form_data(client, page))
    location = ActivityLocation.objects.get(page=page)
    assert location.latitude is None and location.longitude is None


def test_a_failing_service_adds_no_error(settings, editing, monkeypatch):
    client, page = editing
    configure(settings, backend=PELIAS, options={"API_KEY": "k"})
    monkeypatch.setattr(get_geocoder(), "opener", FakeOpener(error=TimeoutError()))
    publish(client, page, page_form_data(client, page))
    assert ActivityLocation.objects.get(page=page).latitude is None


def bound_form(page, data):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return page.get_edit_handler().get_form_class()(query, instance=page, for_user=None)


def test_fill_skips_deleted_and_addressless_rows(settings, editing):
    client, page = editing
    configure(settings)
    data = page_form_data(client, page, **{"locations-0-street_address": ""})
    formset = bound_form(page, data).formsets["locations"]
    fill_missing_coordinates(formset)
    assert formset.forms[0].cleaned_data["latitude"] is None
    data = page_form_data(client, page, **{"locations-0-DELETE": "1"})
    formset = bound_form(page, data).formsets["locations"]
    fill_missing_coordinates(formset)
    assert formset.forms[0].cleaned_data["latitude"] is None
    assert formset.forms[0].instance.latitude is None
    data = page_form_data(client, page)
    formset = bound_form(page, data).formsets["locations"]
    fill_missing_coordinates(formset)
    assert formset.forms[0].cleaned_data["latitude"] == Decimal("62.244100")
    assert formset.forms[0].instance.longitude == Decimal("25.747200")
    fill_missing_coordinates(None)  # no formset: nothing to do


# --- the endpoint -------------------------------------------------------------------------


URL = "/admin/hyte/geocode/"
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def lookup_data(**changes):
    return {
        "street_address": "Vapaudenkatu 39",
        "postal_code": "40100",
        "municipality": str(jyvaskyla().pk),
        **changes,
    }


@pytest.fixture
def superuser_client(client, make_user, municipalities, settings):
    configure(settings)
    client.force_login(make_user("superuser"))
    return client


def test_url_name():
    assert reverse("hyte_geocode:locate") == URL


def test_endpoint_finds_the_place(superuser_client):
    response = superuser_client.post(URL, lookup_data())
    assert response.status_code == 200
    assert response.json() == {
        "latitude": "62.244100",
        "longitude": "25.747200",
        "label": LIBRARY,
        "message": f"Found: {LIBRARY}",
    }


def test_endpoint_not_found(superuser_client):
    response = superuser_client.post(URL, lookup_data(street_address="Olematon tie 5"))
    assert response.status_code == 404 and response.json() == {"message": NOT_FOUND}


def test_endpoint_service_failure(superuser_client, settings, monkeypatch):
    configure(settings, backend=PELIAS, options={"API_KEY": "k"})
    error = urllib.error.HTTPError("https://x.invalid", 500, "Server Error", {}, None)
    monkeypatch.setattr(get_geocoder(), "opener", FakeOpener(error=error))
    response = superuser_client.post(URL, lookup_data())
    assert response.status_code == 502 and response.json() == {"message": FAILED}


def test_endpoint_uses_pelias_with_a_fake_opener(superuser_client, settings, monkeypatch):
    configure(settings, backend=PELIAS, options={"API_KEY": "k"})
    opener = FakeOpener()
    monkeypatch.setattr(get_geocoder(), "opener", opener)
    response = superuser_client.post(URL, lookup_data())
    assert response.json()["latitude"] == "62.241111"
    assert opener.params()["text"] == "Vapaudenkatu 39, 40100 Jyväskylä"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"street_address": ""}, "street_address", "Fill in the street address first."),
        ({"postal_code": "401"}, "postal_code", "Enter a five-digit postal code."),
        ({"municipality": "999999"}, "municipality", "Choose a municipality from the list."),
        ({"municipality": "abc"}, "municipality", "Choose a municipality from the list."),
        ({"street_address": "x" * 201}, "street_address", None),
    ],
)
def test_endpoint_bad_input(superuser_client, changes, field, message):
    response = superuser_client.post(URL, lookup_data(**changes))
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"] and body["message"]
    if message:
        assert body["message"] == message


def test_endpoint_without_municipality_is_fine(superuser_client):
    response = superuser_client.post(URL, lookup_data(municipality=""))
    assert response.status_code == 404  # PLACES lists the address with its municipality


def test_endpoint_is_post_only(superuser_client):
    assert superuser_client.get(URL, lookup_data()).status_code == 405


def test_endpoint_checks_csrf(make_user, municipalities, settings):
    configure(settings)
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("superuser"))
    assert client.post(URL, lookup_data(), **XHR).status_code == 403
    client.get(reverse("wagtailadmin_home"))  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    response = client.post(URL, lookup_data(), HTTP_X_CSRFTOKEN=token, **XHR)
    assert response.status_code == 200


def test_endpoint_not_configured(client, make_user, municipalities):
    client.force_login(make_user("superuser"))
    response = client.post(URL, lookup_data())
    assert response.status_code == 503
    assert response.json() == {"message": "This site has no address service. Type the coordinates."}


def test_endpoint_rate_limit(superuser_client, settings):
    configure(settings, RATE_LIMIT=(2, 600))
    assert superuser_client.post(URL, lookup_data()).status_code == 200
    assert superuser_client.post(URL, lookup_data(street_address="Olematon 1")).status_code == 404
    response = superuser_client.post(URL, lookup_data())
    assert response.status_code == 429
    assert response.json()["message"] == (
        "Too many address lookups. Wait a few minutes or type the coordinates."
    )


def test_endpoint_bad_input_is_not_counted(superuser_client, settings):
    configure(settings, RATE_LIMIT=(1, 600))
    for _ in range(3):
        assert superuser_client.post(URL, lookup_data(street_address="")).status_code == 400
    assert superuser_client.post(URL, lookup_data()).status_code == 200
    assert superuser_client.post(URL, lookup_data()).status_code == 429


def test_endpoint_rate_limit_default_and_per_user(settings, client, make_user, municipalities):
    from wagtail_hyte.activities import geocode_views

    configure(settings)
    assert geocode_views.rate_limit() == (30, 600)
    first, second = make_user("superuser"), make_user("superuser")
    client.force_login(first)
    for _ in range(30):
        assert client.post(URL, lookup_data()).status_code == 200
    assert client.post(URL, lookup_data()).status_code == 429
    client.force_login(second)
    assert client.post(URL, lookup_data()).status_code == 200


def test_endpoint_anonymous_is_refused(client, municipalities, settings):
    configure(settings)
    assert client.post(URL, lookup_data()).status_code == 302  # to the admin login
    assert client.post(URL, lookup_data(), **XHR).status_code == 403


def test_endpoint_user_without_admin_access_is_refused(client, make_user, municipalities, settings):
    configure(settings)
    client.force_login(make_user())
    assert client.post(URL, lookup_data(), **XHR).status_code == 403
    response = client.post(URL, lookup_data())
    assert response.status_code == 302


def test_endpoint_admin_user_without_page_permissions_is_refused(
    client, make_user, municipalities, settings
):
    configure(settings)
    user = make_user()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.post(URL, lookup_data(), **XHR)
    assert response.status_code == 403
    assert response.json() == {"message": "You may not look up addresses."}


def test_endpoint_inactive_superuser_is_refused(client, make_user, municipalities, settings):
    configure(settings)
    user = make_user("superuser")
    client.force_login(user)
    user.is_active = False
    user.save()
    assert client.post(URL, lookup_data(), **XHR).status_code in (302, 403)


def test_endpoint_editor_may_look_up(client, make_user, catalogue, settings):
    configure(settings)
    client.force_login(make_user(EDITOR))
    assert client.post(URL, lookup_data(), **XHR).status_code == 200


def test_endpoint_partner_staff_editing_own_pages_may_look_up(
    client, make_user, make_partner, municipalities, settings
):
    configure(settings)
    client.force_login(make_user("partner_staff", partner=make_partner()))
    assert client.post(URL, lookup_data(), **XHR).status_code == 200


def test_endpoint_partner_staff_without_a_membership_are_refused(
    client, make_user, municipalities, settings
):
    configure(settings)
    client.force_login(make_user("partner_staff"))
    assert client.post(URL, lookup_data(), **XHR).status_code == 403


# --- the widget -------------------------------------------------------------------------


def test_editor_shows_the_button_only_with_a_geocoder(settings, editing):
    client, page = editing
    html = client.get(page_edit_url(page)).content.decode()
    assert "data-hyte-geocode-button" not in html
    assert 'name="locations-0-latitude"' in html
    configure(settings)
    html = client.get(page_edit_url(page)).content.decode()
    assert html.count("data-hyte-geocode-button") >= 1
    button = html.split("data-hyte-geocode-button")[1].split(">")[0]
    assert "hidden" in button
    assert 'aria-live="polite"' in html and "wagtail_hyte/activities/geocode.js" in html
    assert f'data-url="{URL}"' in html and 'data-name="locations-0-latitude"' in html
    assert "Find coordinates from the address" in html


# --- checks -------------------------------------------------------------------------------


def test_checks_silent_when_off_or_well_configured(settings):
    assert check_geocoder() == []
    configure(settings)
    assert check_geocoder() == []
    configure(settings, backend=PELIAS, options={"API_KEY": "k"})
    assert check_geocoder() == []


@pytest.mark.parametrize(
    "config",
    [
        {"OPTIONS": {}},
        {"BACKEND": ""},
        {"BACKEND": "wagtail_hyte.activities.geocoding.NoSuchGeocoder"},
        {"BACKEND": "nosuchmodule.Geocoder"},
        {"BACKEND": "datetime.date"},
        {"BACKEND": STATIC, "OPTIONS": ["not", "a", "dict"]},
        "wagtail_hyte.activities.geocoding.StaticGeocoder",
    ],
)
def test_check_e021(settings, config):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "GEOCODER": config}
    assert [e.id for e in check_geocoder()] == ["hyte.E021"]


def test_check_w021_pelias_without_key(settings):
    configure(settings, backend=PELIAS, options={})
    assert [e.id for e in check_geocoder()] == ["hyte.W021"]
    configure(settings, backend=PELIAS, options={"API_KEY": "  "})
    assert [e.id for e in check_geocoder()] == ["hyte.W021"]


def test_checks_are_registered(settings):
    from django.core.checks import run_checks

    configure(settings, backend=PELIAS, options={})
    ids = {message.id for message in run_checks(tags=["wagtail_hyte"])}
    assert "hyte.W021" in ids
