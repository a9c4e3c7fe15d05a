"""HSDS /services and /services/{id}: the mapping of an activity page, and only public pages."""

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.api.hsds_schema import fetch, fetch_error
from wagtail_hyte.activities.models import ActivityMeeting, Theme
from wagtail_hyte.api.hsds import ids
from wagtail_hyte.partners.models import Partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def walking(make_activity, make_partner):
    """A weekly walking group with every field a service maps."""
    partner = make_partner(
        "Jyväskylän Latu ry",
        business_id="1234567-1",
        website="https://latu.example.org/",
        email="info@latu.example.org",
        phone="+358401234567",
        description="<p>Ulkoilua <b>kaikille</b> &amp; ystäville.</p>",
    )
    return make_activity(
        "Kävelyryhmä",
        organiser=partner,
        summary="Kävellään yhdessä rauhalliseen tahtiin.",
        themes=("nature", "physical-activity"),
        target_groups=("older-people",),
        accessibility=("step-free",),
        municipalities=("179", "992"),
        weekly=((0, time(10), time(11, 30)), (3, time(17))),
        locations=[
            {
                "name": "Kirjasto, sali 2",
                "street_address": "Vapaudenkatu 39",
                "postal_code": "40100",
                "municipality": "179",
                "latitude": "62.241500",
                "longitude": "25.746300",
            }
        ],
        min_age=65,
        max_age=99,
        cost_type="paid",
        cost_description="5 € kerta",
        languages=["fi", "fi-x-selko", "fi-x-sign"],
        accessibility_note="Hissi pääovelta.",
        registration_required=True,
        registration_url="https://latu.example.org/ilmoittaudu",
        registration_phone="+358401112222",
        contact_title="Liikuntaneuvonta",
        contact_email="liikunta@latu.example.org",
        contact_phone="+358403334444",
        valid_from=date(2025, 1, 1),
        valid_until=date.today() + timedelta(days=200),
        schedule_note="Ei kokoontumisia koulujen lomilla.",
        meeting_count=30,
        format="hybrid",
        online_note="Teams-linkki ilmoittautuneille",
    )


def test_list_item_has_the_one_to_one_fields(client, walking):
    body = fetch(client, "services")
    assert body["total_items"] == 1
    (item,) = body["contents"]
    assert item["id"] == ids.of(walking)
    assert item["name"] == "Kävelyryhmä"
    assert item["description"] == "Kävellään yhdessä rauhalliseen tahtiin."
    assert item["status"] == "active"
    assert item["url"] == walking.get_full_url()
    assert item["url"].startswith("http")
    assert item["email"] == "liikunta@latu.example.org"
    assert item["minimum_age"] == 65 and item["maximum_age"] == 99
    assert item["organization_id"] == ids.of(walking.organiser)
    assert item["organization"]["name"] == "Jyväskylän Latu ry"
    assert "5 € kerta" in item["fees_description"]
    assert "https://latu.example.org/ilmoittaudu" in item["application_process"]
    assert "+358401112222" in item["application_process"]
    assert item["last_modified"].endswith("Z")
    # A list item carries one-to-one fields only (the schema service_list).
    assert not {"schedules", "service_at_locations", "capacities", "attributes"} & set(item)


def test_detail_is_fully_nested(client, walking, english):
    service = fetch(client, "service", ids.of(walking))
    service_id = ids.of(walking)
    assert service["id"] == service_id
    assert service["eligibility_description"] == "For: Older people. Ages 65 to 99."

    weekly = service["schedules"]
    assert [s["byday"] for s in weekly] == ["MO", "TH"]
    monday = weekly[0]
    assert monday["freq"] == "WEEKLY" and monday["wkst"] == "MO" and monday["interval"] == 1
    assert monday["opens_at"] == "10:00" and monday["closes_at"] == "11:30"
    assert monday["valid_from"] == "2025-01-01" and monday["dtstart"] == "2025-01-06"
    assert monday["until"] == walking.valid_until.isoformat()
    assert monday["service_id"] == service_id
    assert "Ei kokoontumisia koulujen lomilla." in monday["description"]
    assert "30 meetings in all." in monday["description"]
    assert monday["attending_type"].endswith("Teams-linkki ilmoittautuneille")
    assert "closes_at" not in weekly[1]  # no end time given

    areas = {a["name"] for a in service["service_areas"]}
    assert areas == {"Jyväskylä", "Äänekoski"}

    (sal,) = service["service_at_locations"]
    location = sal["location"]
    assert sal["service_id"] == service_id and sal["location_id"] == location["id"]
    assert location["location_type"] == "physical"
    assert location["latitude"] == pytest.approx(62.2415)
    (address,) = location["addresses"]
    assert address == {
        "id": address["id"],
        "location_id": location["id"],
        "address_1": "Vapaudenkatu 39",
        "city": "Jyväskylä",
        "state_province": "Keski-Suomi",
        "postal_code": "40100",
        "country": "FI",
        "address_type": "physical",
    }
    accessibility = [a["description"] for a in location["accessibility"]]
    assert "Hissi pääovelta." in accessibility and len(accessibility) == 2

    codes = [(lang["code"], lang["name"]) for lang in service["languages"]]
    assert codes == [
        ("fi", "Finnish"),
        ("fi", "Plain Finnish (selkokieli)"),
        ("fse", "Finnish Sign Language"),
    ]
    (cost,) = service["cost_options"]
    assert cost["option"] == "Paid" and cost["amount_description"] == "5 € kerta"
    assert "amount" not in cost

    (contact,) = service["contacts"]
    assert contact["title"] == "Liikuntaneuvonta"
    assert {p["number"] for p in service["phones"]} == {"+358403334444", "+358401112222"}

    terms = {(a["link_type"], a["taxonomy_term"]["code"]) for a in service["attributes"]}
    assert terms == {
        ("theme", "nature"),
        ("theme", "physical-activity"),
        ("target_group", "older-people"),
        ("accessibility", "step-free"),
    }
    assert all(a["link_id"] == service_id for a in service["attributes"])

    organization = service["organization"]
    assert organization["description"] == "Ulkoilua kaikille & ystäville."
    (identifier,) = organization["organization_identifiers"]
    assert identifier["identifier"] == "1234567-1"
    assert identifier["identifier_scheme"] == "FI-PRO"


def test_free_one_off_meeting_carries_its_utc_offset(client, make_activity):
    winter, summer = date(2031, 1, 15), date(2031, 6, 15)
    page = make_activity(
        "Konsertti",
        meetings=[
            ActivityMeeting(date=winter, start_time=time(18), end_time=time(20), note="Sali A"),
            ActivityMeeting(date=summer, start_time=time(18)),
        ],
    )
    service = fetch(client, "service", ids.of(page))
    first, second = service["schedules"]
    assert first["dtstart"] == "2031-01-15" and first["count"] == 1
    assert first["valid_from"] == first["valid_to"] == "2031-01-15"
    assert first["opens_at"] == "18:00+02:00" and first["closes_at"] == "20:00+02:00"
    assert first["description"] == "Sali A"
    assert second["opens_at"] == "18:00+03:00"
    (cost,) = service["cost_options"]
    assert cost["amount"] == 0 and cost["currency"] == "EUR"


def test_paused_and_ended_activities_say_so(client, make_activity):
    paused = make_activity("Tauolla", status="paused")
    ended = make_activity("Päättynyt", valid_until=timezone.localdate() - timedelta(days=1))
    body = fetch(client, "services")
    statuses = {item["id"]: item["status"] for item in body["contents"]}
    assert statuses == {ids.of(paused): "temporarily closed", ids.of(ended): "inactive"}


def test_unpublished_and_private_pages_never_appear(client, make_activity, catalogue):
    public = make_activity("Julkinen")
    draft = make_activity("Luonnos", publish=False, live=False)
    unpublished = make_activity("Piilotettu")
    unpublished.unpublish()
    private = make_activity("Yksityinen")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    body = fetch(client, "services", per_page=100)
    assert [item["id"] for item in body["contents"]] == [ids.of(public)]
    for page in (draft, unpublished, private):
        error = fetch_error(client, "service", 404, ids.of(page))
        assert error["code"] == "not_found"


def test_a_private_catalogue_hides_all_its_activities(client, make_activity, catalogue, home_page):
    from tests import factories

    other = factories.make_catalogue(home_page, title="Sisäinen")
    PageViewRestriction.objects.create(page=other, restriction_type="login")
    hidden = factories.make_activity("Sisäinen ryhmä", parent=other)
    shown = make_activity("Avoin ryhmä")
    body = fetch(client, "services")
    assert [item["id"] for item in body["contents"]] == [ids.of(shown)]
    assert fetch_error(client, "service", 404, ids.of(hidden))["code"] == "not_found"


def test_unknown_and_foreign_ids_are_404(client, walking):
    for value in (
        "not-a-uuid",
        "00000000-0000-0000-0000-000000000000",
        ids.of(walking.organiser),  # an organization's id is no service's
        ids.make(ids.kind_of(type(walking)), walking.pk + 1000),
    ):
        error = fetch_error(client, "service", 404, value)
        assert error["code"] == "not_found"


def test_ids_are_stable_and_distinct(walking):
    assert ids.of(walking) == ids.of(walking)
    assert ids.lookup_model(type(walking), ids.of(walking)) == walking.pk
    assert ids.of(walking) != ids.of(walking, "cost_option")
    assert ids.lookup_model(type(walking), ids.of(walking, "cost_option")) is None
    assert ids.lookup_model(Partner, ids.of(walking)) is None


def test_filters_combine_as_and(client, make_activity, make_partner):
    latu, seurakunta = make_partner("Latu"), make_partner("Seurakunta", kind="parish")
    nature_latu = make_activity("Luontoretki", organiser=latu, themes=("nature",))
    make_activity("Kuoro", organiser=latu, themes=("culture",))
    make_activity("Metsäretki", organiser=seurakunta, themes=("nature",))
    nature = ids.of(Theme.objects.get(slug="nature"))

    def found(**params):
        return [item["name"] for item in fetch(client, "services", **params)["contents"]]

    assert sorted(found(taxonomy_term_id=nature)) == ["Luontoretki", "Metsäretki"]
    assert sorted(found(organization_id=ids.of(latu))) == ["Kuoro", "Luontoretki"]
    assert found(taxonomy_term_id=nature, organization_id=ids.of(latu)) == ["Luontoretki"]
    assert found(taxonomy_term_id=nature, organization_id=ids.of(latu), search="kuoro") == []
    assert found(search="metsäretki", organization_id=ids.of(seurakunta)) == ["Metsäretki"]
    assert found(search="luontoretki", organization_id=ids.of(seurakunta)) == []
    # A well-formed id that names nothing matches nothing.
    assert found(taxonomy_term_id=ids.of(nature_latu)) == []
    assert found(organization_id=ids.of(nature_latu)) == []


def test_taxonomy_id_and_modified_after(client, make_activity):
    from wagtail_hyte.api.hsds.taxonomies import TAXONOMIES

    old = make_activity("Vanha", target_groups=())
    with_group = make_activity("Nuorille", target_groups=("young-people",))
    target_groups = next(t for t in TAXONOMIES if t.facet == "target_group")
    body = fetch(client, "services", taxonomy_id=target_groups.id)
    assert [item["name"] for item in body["contents"]] == ["Nuorille"]

    type(old).objects.filter(pk=old.pk).update(
        last_published_at=timezone.now() - timedelta(days=10)
    )
    type(old.organiser).objects.filter(pk=old.organiser_id).update(
        updated_at=timezone.now() - timedelta(days=10)
    )
    since = (timezone.now() - timedelta(days=1)).isoformat()
    body = fetch(client, "services", modified_after=since)
    assert [item["id"] for item in body["contents"]] == [ids.of(with_group)]


def test_search_uses_the_catalogue_search(client, make_activity):
    make_activity("Tuolijumppa", summary="Liikettä istuen.")
    make_activity("Lukupiiri", summary="Kirjoista keskustellen.")
    # Typo correction comes from the catalogue's own search (activities/search.py).
    body = fetch(client, "services", search="tuolijumpa")
    assert [item["name"] for item in body["contents"]] == ["Tuolijumppa"]
    # Query syntax is only words: nothing to search for means no search.
    assert fetch(client, "services", search='"*"')["total_items"] == 2


def test_minimal_lists_only_ids_and_changes(client, make_activity):
    for n in range(3):
        make_activity(f"Ryhmä {n}")
    body = fetch(client, "services", minimal="true")
    assert body["total_items"] == 3 and body["size"] == 3
    assert all(set(item) == {"id", "name", "status", "last_modified"} for item in body["contents"])


def test_full_list_items_are_nested_services(client, walking):
    body = fetch(client, "services", full="true")
    (item,) = body["contents"]
    assert item["schedules"] and item["service_at_locations"] and item["attributes"]


@pytest.mark.parametrize("full", ["false", "true"])
def test_list_costs_the_same_queries_for_2_and_20_services(
    client, make_activity, django_assert_num_queries, full
):
    def make(n):
        for i in range(n):
            make_activity(
                f"Ryhmä {i}",
                target_groups=("older-people",),
                accessibility=("step-free",),
                locations=[{"name": "Sali", "street_address": "Katu 1", "municipality": "179"}],
            )

    make(2)
    fetch(client, "services", full=full)  # the site's root paths are cached from here on
    with CaptureQueriesContext(connection) as two:
        assert fetch(client, "services", full=full)["size"] == 2
    make(18)
    with django_assert_num_queries(len(two)):
        assert fetch(client, "services", full=full)["size"] == 20
