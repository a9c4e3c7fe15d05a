"""What the catalogue shows: page numbers clamped to the pages there are, numbered
page links, the map link's coordinates in every language, and the cards' price,
next meeting time (after now, from the schedule) and default order."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.http import QueryDict
from django.utils import translation

from wagtail_hyte.activities.catalogue import (
    build_listing,
    clamp_page_number,
    page_links,
    parse_page_number,
)
from wagtail_hyte.activities.models import ActivityMeeting
from wagtail_hyte.activities.schedule import next_occurrence
from wagtail_hyte.core.phone import display_phone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("3", 3), (" 2 ", 2), ("0", 1), ("-4", 1), ("abc", 1), ("1.5", 1), ("", 1), (None, 1)],
)
def test_parse_page_number(raw, expected):
    assert parse_page_number(raw) == expected


@pytest.mark.parametrize(
    ("number", "total", "expected"),
    [(99, 34, 4), (4, 34, 4), (2, 34, 2), (1, 0, 1), (5, 0, 1), (0, 34, 1)],
)
def test_clamp_page_number(number, total, expected):
    assert clamp_page_number(number, total, page_size=10) == expected


@pytest.mark.parametrize(
    ("current", "num_pages", "expected"),
    [
        (1, 1, [1]),
        (1, 4, [1, 2, 3, 4]),  # a gap of one page shows the page
        (1, 5, [1, 2, None, 5]),
        (2, 4, [1, 2, 3, 4]),
        (5, 10, [1, None, 4, 5, 6, None, 10]),
        (3, 10, [1, 2, 3, 4, None, 10]),
        (10, 10, [1, None, 9, 10]),
    ],
)
def test_page_links(current, num_pages, expected):
    assert page_links(current, num_pages) == expected


def test_page_past_the_end_shows_the_last_page(catalogue, make_activity, today):
    for n in range(7):
        make_activity(f"T{n}")
    beyond = build_listing(catalogue, QueryDict("page=99"), today=today, page_size=3)
    garbage = build_listing(catalogue, QueryDict("page=kolme"), today=today, page_size=3)
    assert (beyond.page_number, beyond.num_pages, len(beyond.results)) == (3, 3, 1)
    assert (beyond.first_index, beyond.last_index) == (7, 7)
    assert (garbage.page_number, len(garbage.results)) == (1, 3)


def test_index_page_clamps_and_numbers_the_pages(client, catalogue, make_activity, settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "CATALOGUE_PAGE_SIZE": 2}
    for n in range(7):
        make_activity(f"T{n}")
    html = client.get(catalogue.url, {"page": "99"}).content.decode()
    current = re.findall(r'<a href="\?page=(\d+)" aria-current="page">', html)
    links = re.findall(r'<a href="\?page=(\d+)"[ >]', html)
    assert current == ["4"]
    assert links == ["3", "1", "2", "3", "4"]  # previous page, then the numbers
    assert 'rel="next"' not in html
    assert "Sivu 4 / 4" in html


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_map_link_uses_a_decimal_point_in_every_language(client, make_activity, language):
    activity = make_activity(
        "Luontokävely",
        locations=[
            {
                "name": "Kirjasto",
                "municipality": "179",
                "latitude": "62.241",
                "longitude": "25.7468",
            }
        ],
    )
    # The request activates its language for this thread: override() restores ours.
    with translation.override(language):
        html = client.get(activity.url, headers={"accept-language": language}).content.decode()
    assert f'<html lang="{language}">' in html
    href = re.search(r'class="hyte-map-link" href="([^"]+)"', html).group(1)
    assert href == (
        "https://www.openstreetmap.org/?mlat=62.241000&amp;mlon=25.746800"
        "#map=16/62.241000/25.746800"
    )


def test_phone_numbers_in_the_national_form(client, make_activity):
    activity = make_activity(
        "Kuntosali",
        registration_required=True,
        registration_phone="+358401234001",
        contact_phone="+46812345678",
    )
    html = client.get(activity.url).content.decode()
    assert '<a href="tel:+358401234001">040 1234001</a>' in html
    assert '<a href="tel:+46812345678">+46 8 123 456 78</a>' in html
    assert display_phone("+358931011691") == "09 31011691"
    assert display_phone("not a number") == "not a number"


def _meeting_page(make_activity, *rows):
    return make_activity("Sarja", meetings=[ActivityMeeting(date=d, start_time=t) for d, t in rows])


def test_next_occurrence_skips_a_meeting_already_started_today(make_activity, today):
    page = _meeting_page(
        make_activity, (today, time(9)), (today, time(18)), (today + timedelta(days=7), time(9))
    )
    assert next_occurrence(page, datetime.combine(today, time(8))) == (today, time(9))
    assert next_occurrence(page, datetime.combine(today, time(12))) == (today, time(18))
    assert next_occurrence(page, datetime.combine(today, time(19))) == (
        today + timedelta(days=7),
        time(9),
    )
    assert next_occurrence(page, datetime.combine(today + timedelta(days=8), time(0))) is None


def test_next_occurrence_of_a_weekly_activity(make_activity, today):
    page = make_activity(
        "Kuntosali", weekly=[(today.weekday(), time(10)), (today.weekday(), time(16))]
    )
    morning, evening = datetime.combine(today, time(9)), datetime.combine(today, time(17))
    assert next_occurrence(page, morning) == (today, time(10))
    assert next_occurrence(page, evening) == (today + timedelta(days=7), time(10))
    ending = make_activity("Loppuu", weekly=[(today.weekday(), time(10))], valid_until=today)
    assert next_occurrence(ending, evening) is None


def test_card_shows_the_price_and_the_next_meeting_time(client, make_activity, today):
    tomorrow = today + timedelta(days=1)
    make_activity(
        "Kuntosali",
        cost_type="paid",
        cost_description="5 € kerta, kuntokortilla maksuton",
        meetings=[
            ActivityMeeting(date=today - timedelta(days=1), start_time=time(9)),
            ActivityMeeting(date=tomorrow, start_time=time(17, 30)),
        ],
    )
    html = client.get(
        make_activity("Toinen", weekly=[(tomorrow.weekday(), time(10))]).get_parent().url
    ).content.decode()
    assert "Maksullinen: 5 € kerta, kuntokortilla maksuton" in html
    assert f'<time datetime="{tomorrow:%Y-%m-%d}T17:30">' in html
    assert f'<time datetime="{tomorrow:%Y-%m-%d}T10:00">' in html


def test_default_order_is_soonest_first(catalogue, make_activity, today):
    make_activity("Myöhemmin", meetings=[today + timedelta(days=20)])
    make_activity("Pian", meetings=[today + timedelta(days=2)])
    make_activity("Ylihuomenna", meetings=[today + timedelta(days=10)])
    result = build_listing(catalogue, QueryDict(""), today=today)
    assert result.sort == "soonest"
    assert [p.title for p in result.results] == ["Pian", "Ylihuomenna", "Myöhemmin"]
    newest = build_listing(catalogue, QueryDict("sort=newest"), today=today)
    assert [p.title for p in newest.results] == ["Ylihuomenna", "Pian", "Myöhemmin"]


def test_badge_descriptions_are_visible_text_not_tooltips():
    from django.template.loader import render_to_string

    from wagtail_hyte.activities.extensions import Badge

    badge = Badge("Lähete mahdollinen", key="referral", description="Ammattilainen voi ohjata.")
    html = render_to_string("wagtail_hyte/activities/includes/badges.html", {"badges": [badge]})
    assert "title=" not in html
    assert (
        '<span class="hyte-badge hyte-badge--referral">Lähete mahdollinen</span> '
        '<span class="hyte-badge__description">Ammattilainen voi ohjata.</span>'
    ) in html
