"""The public catalogue resources of the REST API v1: activities (the catalogue's
own listing for the same search and filters), activity details, service paths,
partners and taxonomies. Only live, public pages; nothing staff-only; JSON
errors; pagination; a fixed number of queries whatever the length of a list."""

import json
from datetime import time, timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.http import QueryDict
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests import factories
from tests.factories import clone_referrals
from wagtail_hyte.activities.catalogue import build_listing
from wagtail_hyte.activities.models import (
    AccessibilityFeature,
    ActivityLeader,
    ServicePathPage,
    TargetGroup,
    Theme,
)
from wagtail_hyte.core.models import Municipality
from wagtail_hyte.referrals.models import Referral

pytestmark = pytest.mark.django_db


def url(name, *args, query=""):
    path = reverse(f"hyte_api_v1:{name}", args=args)
    return f"{path}?{query}" if query else path


def get(client, name, *args, query="", **headers):
    return client.get(url(name, *args, query=query), **headers)


def ids(response):
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def sample(make_activity, today):
    """Five current activities that differ in every facet, and three that are not listed."""
    saturday = today + timedelta(days=7 + (5 - today.weekday()) % 7)
    found = {
        "walk": make_activity(
            "Luontokävely",
            themes=["nature", "physical-activity"],
            target_groups=["older-people"],
            municipalities=["179"],
            weekly=[(0, time(10))],
            min_age=65,
            cost_type="free",
            languages=["fi"],
            accessibility=["step-free"],
        ),
        "gym": make_activity(
            "Kuntosali",
            themes=["physical-activity"],
            target_groups=["working-age"],
            municipalities=["992"],
            weekly=[(2, time(18))],
            min_age=18,
            max_age=64,
            cost_type="paid",
            languages=["fi", "sv"],
        ),
        "digi": make_activity(
            "Digituki",
            themes=["digital-skills"],
            target_groups=["older-people"],
            municipalities=["179", "410"],
            weekly=[(1, time(13))],
            cost_type="free",
            languages=["fi", "en"],
            accessibility=["step-free", "induction-loop"],
            format="hybrid",
        ),
        "culture": make_activity(
            "Teatteri-ilta",
            themes=["culture"],
            target_groups=["everyone"],
            municipalities=["410"],
            meetings=[saturday],
            cost_type="paid",
        ),
        "online": make_activity(
            "Etävertaisryhmä",
            themes=["peer-support", "mental-wellbeing"],
            target_groups=["young-people"],
            municipalities=["179"],
            weekly=[(3, time(19))],
            format="online",
            languages=["fi"],
        ),
        "draft": make_activity("Luonnos", publish=False, live=False),
        "ended": make_activity("Päättynyt", status="ended"),
        "private": make_activity("Salainen"),
    }
    PageViewRestriction.objects.create(
        page=found["private"], restriction_type="password", password="x"
    )
    return found


# --- the activity list is the catalogue's listing --------------------------------------

CATALOGUE_QUERIES = [
    "",
    "theme=nature",
    "theme=physical-activity",
    "municipality=179",
    "municipality=410&theme=culture",
    "target_group=older-people",
    "age=70",
    "age=30&municipality=992",
    "free=1",
    "language=sv",
    "format=online",
    "format=in_person",
    "accessibility=step-free",
    "day=mon",
    "time=evening",
    "q=kuntosali",
    "q=digi",
    "q=luonto&free=1",
    "sort=newest",
    "theme=no-such-theme",
]


def _api_query(catalogue_query: str) -> str:
    """The API's form of a catalogue URL's query: checkboxes take true."""
    return catalogue_query.replace("free=1", "free=true")


@pytest.mark.parametrize("query", CATALOGUE_QUERIES)
def test_the_list_is_the_catalogues_listing_for_the_same_filters(
    client, sample, catalogue, today, query
):
    listing = build_listing(catalogue, QueryDict(query), today=today, page_size=100)
    response = get(client, "activity-list", query=f"{_api_query(query)}&page_size=100")
    assert response.status_code == 200
    data = response.json()
    assert ids(response) == [page.pk for page in listing.results]
    assert data["count"] == listing.total
    assert data["query"] == listing.query
    facets = {f["name"]: {o["value"]: o["count"] for o in f["options"]} for f in data["facets"]}
    for state in listing.filters:
        if state.filter.facet:
            assert facets[state.name] == {o.value: o.count for o in state.options}


def test_the_list_shows_only_current_live_public_activities(client, sample):
    listed = set(ids(get(client, "activity-list", query="page_size=100")))
    assert listed == {sample[k].pk for k in ("walk", "gym", "digi", "culture", "online")}


def test_a_search_with_a_typo_says_which_words_it_found(client, sample, catalogue, today):
    listing = build_listing(catalogue, QueryDict("q=kuntosli"), today=today)
    data = get(client, "activity-list", query="q=kuntosli").json()
    assert data["corrected_query"] == listing.corrected_query == "kuntosali"
    assert [item["id"] for item in data["results"]] == [sample["gym"].pk]


def test_one_catalogue_or_every_catalogue_of_the_site(client, sample, catalogue, home_page, today):
    other = factories.make_catalogue(home_page, title="Toinen tarjotin")
    elsewhere = factories.make_activity("Muualla", parent=other)
    everything = set(ids(get(client, "activity-list", query="page_size=100")))
    assert elsewhere.pk in everything and sample["walk"].pk in everything
    response = get(client, "activity-list", query=f"catalogue={other.pk}")
    listing = build_listing(other, QueryDict(""), today=today)
    assert ids(response) == [page.pk for page in listing.results] == [elsewhere.pk]
    response = get(client, "activity-list", query=f"catalogue={catalogue.pk}&page_size=100")
    assert elsewhere.pk not in ids(response)


def test_pages_of_the_list_follow_the_catalogues_pages(client, sample, catalogue, today):
    first = get(client, "activity-list", query="page_size=2").json()
    assert first["count"] == 5 and first["previous"] is None and "page=2" in first["next"]
    pages = [
        build_listing(catalogue, QueryDict(f"page={n}"), today=today, page_size=2)
        for n in (1, 2, 3)
    ]
    for number, listing in enumerate(pages, 1):
        response = get(client, "activity-list", query=f"page={number}&page_size=2")
        assert ids(response) == [page.pk for page in listing.results]
    last = get(client, "activity-list", query="page=last&page_size=2")
    assert ids(last) == [page.pk for page in pages[2].results]
    assert last.json()["next"] is None


@pytest.mark.parametrize("page", ["4", "0", "abc"])
def test_a_page_past_the_end_is_a_json_404(client, sample, page):
    response = get(client, "activity-list", query=f"page={page}&page_size=2")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("age=abc", "age"),
        ("age=500", "age"),
        ("theme=not%20a%20slug", "theme"),
        ("free=1", "free"),
        ("free=maybe", "free"),
        ("sort=random", "sort"),
        ("q=" + "a" * 201, "q"),
        ("catalogue=999999", "catalogue"),
        ("catalogue=x", "catalogue"),
    ],
)
def test_a_value_the_catalogue_cannot_read_is_a_validation_error(client, sample, query, field):
    response = get(client, "activity-list", query=query)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert list(error["fields"]) == [field]
    assert error["fields"][field][0]["message"]


def test_false_leaves_a_checkbox_filter_out(client, sample, catalogue, today):
    listing = build_listing(catalogue, QueryDict(""), today=today, page_size=100)
    response = get(client, "activity-list", query="free=false&page_size=100")
    assert ids(response) == [page.pk for page in listing.results]


def test_an_unpublished_catalogue_is_not_a_catalogue_to_ask_for(client, sample, home_page):
    hidden = factories.make_catalogue(home_page, title="Piilotettu")
    factories.make_activity("Piilossa", parent=hidden)
    hidden.unpublish()
    response = get(client, "activity-list", query=f"catalogue={hidden.pk}")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["catalogue"]


def test_a_list_item_has_the_cards_facts_and_nothing_staff_only(client, sample, english):
    walk = next(
        item
        for item in get(client, "activity-list", query="page_size=100").json()["results"]
        if item["id"] == sample["walk"].pk
    )
    assert walk["title"] == "Luontokävely"
    assert walk["url"].endswith(sample["walk"].url)
    assert walk["organiser"]["slug"] == "keski-suomen-latu"
    assert {t["slug"] for t in walk["themes"]} == {"nature", "physical-activity"}
    assert walk["themes"][0]["name"] in {"Nature", "Physical activity"}
    assert walk["municipalities"] == [{"code": "179", "name": "Jyväskylä"}]
    assert walk["next_occurrence"]["start_time"] == "10:00:00"
    assert walk["referral"] == {"possible": False, "usual_contact_days": None}
    for staff_only in ("owner", "locked", "locked_by", "latest_revision", "listing_labels"):
        assert staff_only not in walk
    assert "body" not in walk  # rich text only in the detail


def test_labels_follow_the_accept_language_header(client, sample):
    response = get(client, "activity-list", query="theme=nature", HTTP_ACCEPT_LANGUAGE="sv")
    (walk,) = response.json()["results"]
    nature = Theme.objects.get(slug="nature")
    assert {t["name"] for t in walk["themes"]} >= {nature.name_in("sv")}


@override_settings(
    REST_FRAMEWORK={
        "URL_FORMAT_OVERRIDE": "fmt",
        "UNAUTHENTICATED_USER": None,
        "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
        "PAGE_SIZE": 1,
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.BrowsableAPIRenderer"],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
        "DEFAULT_CONTENT_NEGOTIATION_CLASS": "rest_framework.negotiation.BaseContentNegotiation",
    }
)
def test_the_sites_own_rest_framework_settings_change_nothing(client, sample, catalogue, today):
    listing = build_listing(catalogue, QueryDict("format=online"), today=today)
    response = get(client, "activity-list", query="format=online")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert ids(response) == [page.pk for page in listing.results]
    assert get(client, "activity-detail", sample["walk"].pk).json()["id"] == sample["walk"].pk


def test_the_response_says_its_language(client, sample):
    response = get(client, "theme-list", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"


def test_only_get_is_allowed(client, sample):
    response = client.post(url("activity-list"), {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


# --- activity detail --------------------------------------------------------------------


def test_an_activity_by_id_or_by_slug(client, sample, english):
    walk = sample["walk"]
    ActivityLeader.objects.create(
        page=walk, role="leader", title="fysioterapeutti", organisation="Hyvinvointialue"
    )
    walk.save_revision().publish()
    by_id = get(client, "activity-detail", walk.pk)
    by_slug = get(client, "activity-detail", walk.slug)
    assert by_id.status_code == by_slug.status_code == 200
    data = by_id.json()
    assert data == by_slug.json()
    assert data["id"] == walk.pk and data["has_ended"] is False
    assert data["leaders"] == [
        {
            "role": "leader",
            "title": "fysioterapeutti",
            "organisation": "Hyvinvointialue",
            "organisation_kind": "association",
        }
    ]
    assert data["weekly_times"] == [{"weekday": 0, "start_time": "10:00:00", "end_time": None}]
    assert [t["slug"] for t in data["accessibility_features"]] == ["step-free"]
    assert data["catalogue"]["id"] == walk.get_parent().pk
    assert data["calendar_url"].endswith("/calendar/")
    for staff_only in (
        "owner",
        "locked",
        "latest_revision",
        "listing_labels",
        "search_description",
    ):
        assert staff_only not in data


def test_the_detail_gives_the_body_block_by_block(client, make_activity):
    page = make_activity(
        "Runoilta",
        body=[
            ("text", "<p>Tervetuloa <b>mukaan</b>.</p>"),
            ("quote", {"text": "Hyvä ilta!", "attribution": "Osallistuja"}),
        ],
    )
    data = get(client, "activity-detail", page.pk).json()
    assert data["body"] == [
        {"type": "text", "value": "<p>Tervetuloa <b>mukaan</b>.</p>"},
        {"type": "quote", "value": {"text": "Hyvä ilta!", "attribution": "Osallistuja"}},
    ]


@pytest.fixture
def media(settings, tmp_path):
    from wagtail.models import Collection

    settings.MEDIA_ROOT = str(tmp_path)
    if Collection.get_first_root_node() is None:  # after a transactional test's flush
        Collection.add_root(name="Root")


def test_images_documents_and_embeds_as_the_page_has_them(client, make_activity, media):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Metsä", file=get_test_image_file())
    document = get_document_model().objects.create(
        title="Ohjelma", file=ContentFile(b"%PDF-1.4", name="ohjelma.pdf")
    )
    page = make_activity(
        "Kuvallinen",
        image=image,
        image_alt="Kävelijöitä metsässä",
        body=json.dumps(
            [
                {
                    "type": "image",
                    "value": {"image": image.pk, "alt_text": "Polku", "decorative": False},
                },
                {"type": "document", "value": {"document": document.pk, "label": ""}},
                {"type": "embed", "value": "https://www.youtube.com/watch?v=abc"},
            ]
        ),
    )
    data = get(client, "activity-detail", page.pk).json()
    rendition = image.get_rendition("width-960")
    assert data["image"] == {
        "url": rendition.url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": "Kävelijöitä metsässä",
    }
    picture, doc, embed = data["body"]
    assert picture == {"type": "image", "value": {**data["image"], "alt": "Polku"}}
    assert doc["value"] == {
        "url": document.url,
        "title": "Ohjelma",
        "label": "Ohjelma",
        "file_extension": "pdf",
    }
    assert embed == {"type": "embed", "value": "https://www.youtube.com/watch?v=abc"}


def test_an_ended_activity_is_shown_as_its_page_is(client, sample):
    data = get(client, "activity-detail", sample["ended"].pk).json()
    assert data["status"] == "ended" and data["has_ended"] is True


@pytest.mark.parametrize("key", ["draft", "private"])
def test_unpublished_and_private_activities_are_not_found(client, sample, key):
    page = sample[key]
    for lookup in (page.pk, page.slug):
        response = get(client, "activity-detail", lookup)
        assert response.status_code == 404
        assert response.json() == {
            "error": {"code": "not_found", "message": response.json()["error"]["message"]}
        }
        assert response.json()["error"]["message"]


def test_an_unpublished_activity_is_gone_from_the_api_too(client, sample):
    walk = sample["walk"]
    walk.unpublish()
    assert get(client, "activity-detail", walk.pk).status_code == 404
    assert walk.pk not in ids(get(client, "activity-list", query="page_size=100"))


@pytest.mark.parametrize("key", ["999999", "no-such-activity", "1" * 30])
def test_an_unknown_activity_is_a_json_404(client, sample, key):
    response = get(client, "activity-detail", key)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "fields" not in response.json()["error"]


# --- referral signal ----------------------------------------------------------------------


def _hyte(**values):
    from django.conf import settings

    return override_settings(WAGTAIL_HYTE={**getattr(settings, "WAGTAIL_HYTE", {}), **values})


def test_whether_a_referral_is_possible_and_how_soon_the_partner_contacts(
    client, world, refer, english
):
    template = refer()
    rows = clone_referrals(template, 5)
    for row, days in zip(rows, [1, 2, 2.5, 3, 4], strict=True):
        Referral.objects.filter(pk=row.pk).update(
            first_action_at=row.sent_at + timedelta(days=days), status="succeeded"
        )
    caches["default"].clear()
    with _hyte(RESPONSE_TIME_MIN_REFERRALS=5):
        page = client.get(world.activity.url).content.decode()
        data = get(client, "activity-detail", world.activity.pk).json()
        listed = get(client, "activity-list", query="referral=true").json()
    assert "usually contacts within 3 days" in page
    assert data["referral"] == {"possible": True, "usual_contact_days": 3}
    (badge,) = data["badges"]
    assert badge["key"] == "referral" and "within 3 days" in badge["description"]
    assert [item["id"] for item in listed["results"]] == [world.activity.pk]
    assert listed["results"][0]["referral"]["possible"] is True


def test_the_public_never_sees_that_quotas_are_full(client, world, refer):
    from wagtail_hyte.agreements.models import PartnerAgreement

    PartnerAgreement.objects.filter(pk=world.agreement.pk).update(quota=1)
    refer()
    data = get(client, "activity-detail", world.activity.pk).json()
    assert data["referral"] == {"possible": False, "usual_contact_days": None}
    assert data["badges"] == []


# --- service paths -------------------------------------------------------------------------


def _service_path(parent, title, **fields):
    path = ServicePathPage(
        title=title,
        slug=fields.pop("slug", None) or title.lower().replace(" ", "-"),
        intro="<p>Näin pääset alkuun.</p>",
        plain_intro=fields.pop("plain_intro", "Näin alat."),
        steps=fields.pop(
            "steps",
            [
                (
                    "step",
                    {
                        "title": "Ota yhteyttä",
                        "who": "terveysaseman hoitaja",
                        "client_action": "<p>Soita.</p>",
                        "next_step": "<p>Saat ajan.</p>",
                        "plain_language": "Soita hoitajalle.",
                        "links": [],
                    },
                )
            ],
        ),
        **fields,
    )
    parent.add_child(instance=path)
    path.save_revision().publish()
    return ServicePathPage.objects.get(pk=path.pk)


def test_service_paths_list_and_detail(client, catalogue, make_activity, home_page):
    activity = make_activity("Kävely")
    draft = make_activity("Luonnos", publish=False, live=False)
    steps = [
        (
            "step",
            {
                "title": "Ota yhteyttä",
                "who": "hoitaja",
                "client_action": "<p>Soita.</p>",
                "next_step": "",
                "plain_language": "Soita.",
                "links": [{"page": activity, "label": ""}, {"page": draft, "label": "Piilo"}],
            },
        )
    ]
    first = _service_path(catalogue, "Liikkumaan", steps=steps)
    second = _service_path(catalogue, "Yksinäisyys")
    hidden = _service_path(catalogue, "Piilopolku")
    hidden.unpublish()
    outside = _service_path(home_page, "Muu polku")

    data = get(client, "service-path-list").json()
    assert [item["id"] for item in data["results"]] == [first.pk, second.pk, outside.pk]
    assert data["results"][0]["step_count"] == 1 and "steps" not in data["results"][0]
    shown = get(client, "service-path-list", query=f"catalogue={catalogue.pk}").json()
    assert [item["id"] for item in shown["results"]] == [
        path.pk for path in catalogue.service_paths()
    ]

    detail = get(client, "service-path-detail", first.slug).json()
    assert detail["intro"] == "<p>Näin pääset alkuun.</p>"
    (step,) = detail["steps"]
    assert step["who"] == "hoitaja" and step["client_action"] == "<p>Soita.</p>"
    assert step["links"] == [
        {
            "id": activity.pk,
            "title": "Kävely",
            "label": "Kävely",
            "url": activity.get_full_url(),
        }
    ]
    assert get(client, "service-path-detail", hidden.pk).status_code == 404


# --- partners -------------------------------------------------------------------------------


def test_partners_are_the_active_ones_with_public_fields(client, make_partner, make_activity):
    partner = make_partner(
        "Liikkuva ry",
        business_id="1234567-1",
        website="https://liikkuva.example",
        email="info@liikkuva.example",
        phone="+358401234567",
    )
    partner.municipalities.set(Municipality.objects.filter(code__in=["179"]))
    inactive = make_partner("Lopettanut ry", active=False)
    current = make_activity("Sauvakävely", organiser=partner)
    make_activity("Vanha", organiser=partner, status="ended")

    data = get(client, "partner-list").json()
    names = [item["name"] for item in data["results"]]
    assert "Liikkuva ry" in names and "Lopettanut ry" not in names
    item = next(item for item in data["results"] if item["id"] == partner.pk)
    assert set(item) == {
        "id",
        "slug",
        "name",
        "kind",
        "website",
        "email",
        "phone",
        "municipalities",
    }
    detail = get(client, "partner-detail", partner.slug).json()
    assert detail == get(client, "partner-detail", partner.pk).json()
    assert [a["id"] for a in detail["activities"]] == [current.pk]
    assert "business_id" not in detail
    assert get(client, "partner-detail", inactive.pk).status_code == 404


# --- taxonomies ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("theme", Theme),
        ("target-group", TargetGroup),
        ("accessibility-feature", AccessibilityFeature),
    ],
)
def test_taxonomies_list_and_detail(client, taxonomies, name, model):
    data = get(client, f"{name}-list", query="page_size=100").json()
    assert [item["slug"] for item in data["results"]] == list(
        model.objects.values_list("slug", flat=True)
    )
    term = model.objects.first()
    detail = get(client, f"{name}-detail", term.slug).json()
    assert detail == {
        "slug": term.slug,
        "name": term.name_fi,
        "name_fi": term.name_fi,
        "name_sv": term.name_sv,
        "name_en": term.name_en,
    }
    assert get(client, f"{name}-detail", "no-such-term").status_code == 404


def test_municipalities_list_and_detail(client, municipalities):
    data = get(client, "municipality-list").json()
    assert data["count"] == Municipality.objects.count() and len(data["results"]) == 20
    detail = get(client, "municipality-detail", "179").json()
    assert detail["name_fi"] == "Jyväskylä" and detail["welfare_area"]
    assert get(client, "municipality-detail", "999").status_code == 404


# --- a fixed number of queries -----------------------------------------------------------------


def _clear_caches():
    for cache in caches.all():
        cache.clear()


def _same_queries_for_2_and_20(client, django_assert_num_queries, path, make_more, existing=0):
    """The same number of queries for a list of 2 as for a list of 20 (caches empty)."""
    make_more(2 - existing)
    _clear_caches()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).json()["count"] == 2
    make_more(18)
    _clear_caches()
    with django_assert_num_queries(len(captured)):
        response = client.get(path)
    assert response.json()["count"] == len(response.json()["results"]) == 20


def test_the_activity_list_costs_the_same_for_2_and_20(
    client, world, make_activity, django_assert_num_queries
):
    """With an agreement in force, so the referral badges are worked out too."""

    def more(n):
        for i in range(n):
            make_activity(
                f"Lisä {i}",
                organiser=world.partner,
                target_groups=["older-people"],
                municipalities=["179", "410"],
            )

    path = url("activity-list", query="page_size=50")
    _same_queries_for_2_and_20(client, django_assert_num_queries, path, more, existing=1)


def test_the_service_path_list_costs_the_same_for_2_and_20(
    client, catalogue, django_assert_num_queries
):
    def more(n):
        for _ in range(n):
            _service_path(catalogue, f"Polku {ServicePathPage.objects.count() + 1}")

    path = url("service-path-list", query="page_size=50")
    _same_queries_for_2_and_20(client, django_assert_num_queries, path, more)


def test_the_partner_list_costs_the_same_for_2_and_20(
    client, make_partner, municipalities, django_assert_num_queries
):
    def more(n):
        for _ in range(n):
            partner = make_partner()
            partner.municipalities.set(municipalities.filter(code__in=["179", "410"]))

    path = url("partner-list", query="page_size=50")
    _same_queries_for_2_and_20(client, django_assert_num_queries, path, more)
