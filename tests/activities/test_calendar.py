"""The "Add to calendar (.ics)" file of an activity page (RFC 5545)."""

from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from wagtail.models import PageViewRestriction

from wagtail_hyte.activities import calendar
from wagtail_hyte.activities.models import ActivityMeeting, WeeklyTime
from wagtail_hyte.core.periods import HELSINKI

pytestmark = pytest.mark.django_db

LIBRARY = {
    "name": "Library, hall 2",
    "street_address": "Kilpisenkatu 12",
    "postal_code": "40100",
    "municipality": "179",
}


def ics_url(page):
    return page.url + "calendar/"


def lines_of(response):
    body = response.content.decode("utf-8")
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    return body.replace("\r\n ", "").split("\r\n")[:-1]  # unfolded


def vevents(lines):
    blocks, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = []
        elif line == "END:VEVENT":
            blocks.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def prop(block, name):
    return next((line for line in block if line.split(":")[0].split(";")[0] == name), None)


def host_of(page):
    return urlsplit(page.full_url).hostname


# --- one-off and series ----------------------------------------------------


def test_one_off_gives_one_event_with_helsinki_times(client, make_activity, future):
    day = future(10)
    page = make_activity(
        "Metsäkävely; luonnossa, yhdessä",
        summary="Kävellään yhdessä.\nSauvat lainaan.",
        meetings=[ActivityMeeting(date=day, start_time=time(18), end_time=time(19, 30))],
        locations=[LIBRARY],
    )
    response = client.get(ics_url(page))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{page.slug}.ics"'
    lines = lines_of(response)
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"] and lines[-1] == "END:VCALENDAR"
    assert "BEGIN:VTIMEZONE" in lines and "TZID:Europe/Helsinki" in lines
    [event] = vevents(lines)
    assert prop(event, "UID") == f"UID:{page.pk}-{day:%Y%m%d}@{host_of(page)}"
    assert prop(event, "DTSTART") == f"DTSTART;TZID=Europe/Helsinki:{day:%Y%m%d}T180000"
    assert prop(event, "DTEND") == f"DTEND;TZID=Europe/Helsinki:{day:%Y%m%d}T193000"
    assert prop(event, "DTSTAMP").endswith("Z")
    assert prop(event, "SUMMARY") == "SUMMARY:Metsäkävely\\; luonnossa\\, yhdessä"
    assert prop(event, "DESCRIPTION") == "DESCRIPTION:Kävellään yhdessä.\\nSauvat lainaan."
    assert prop(event, "LOCATION") == (
        "LOCATION:Library\\, hall 2\\, Kilpisenkatu 12\\, 40100 Jyväskylä"
    )
    assert prop(event, "URL") == f"URL:{page.full_url}"
    assert prop(event, "RRULE") is None


def test_series_skips_past_meetings(client, make_activity, today, future):
    past = today - timedelta(days=7)
    page = make_activity(
        meetings=[
            ActivityMeeting(date=past, start_time=time(10), end_time=time(11)),
            ActivityMeeting(date=future(3), start_time=time(10), end_time=time(11)),
            ActivityMeeting(date=future(10), note="Retki, eväät mukaan"),
        ]
    )
    response = client.get(ics_url(page))
    assert response.status_code == 200
    events = vevents(lines_of(response))
    assert [prop(e, "UID").split("@")[0] for e in events] == [
        f"UID:{page.pk}-{future(3):%Y%m%d}",
        f"UID:{page.pk}-{future(10):%Y%m%d}",
    ]
    assert f"{past:%Y%m%d}" not in response.content.decode()
    # A meeting without a start time is an all-day event; its note is in the description.
    assert prop(events[1], "DTSTART") == f"DTSTART;VALUE=DATE:{future(10):%Y%m%d}"
    assert prop(events[1], "DTEND") == f"DTEND;VALUE=DATE:{future(11):%Y%m%d}"
    assert prop(events[1], "DESCRIPTION").endswith("\\n\\nRetki\\, eväät mukaan")


def test_a_meeting_over_today_is_skipped(make_activity, today, future):
    page = make_activity(
        meetings=[
            ActivityMeeting(date=today, start_time=time(9), end_time=time(10)),
            ActivityMeeting(date=today, start_time=time(18), end_time=time(19)),
            ActivityMeeting(date=future(7), start_time=time(9)),
        ]
    )
    ActivityMeeting.objects.create(page=page, date=future(7), start_time=time(12), sort_order=9)
    noon = datetime.combine(today, time(12), tzinfo=HELSINKI)
    events = calendar.events(page, noon)
    assert [(e.day, e.start) for e in events] == [
        (today, time(18)),
        (future(7), time(9)),
        (future(7), time(12)),
    ]
    # Two meetings on one day get distinct, stable ids.
    assert [e.uid for e in events[1:]] == [
        f"{page.pk}-{future(7):%Y%m%d}",
        f"{page.pk}-{future(7):%Y%m%d}-2",
    ]
    # An aware time in UTC is read as Helsinki wall-clock time (10:30 here).
    assert len(calendar.events(page, noon.astimezone(UTC) - timedelta(hours=1, minutes=30))) == 3
    assert len(calendar.events(page, datetime.combine(today, time(9, 30)))) == 4


# --- weekly ----------------------------------------------------------------


def test_weekly_times_repeat_until_the_end_of_validity(client, make_activity, today, future):
    until = future(90)
    page = make_activity(
        weekly=((1, time(10), time(11, 30)), (3, time(17))),
        valid_until=until,
        locations=[LIBRARY],
    )
    response = client.get(ics_url(page))
    assert response.status_code == 200
    tuesday, thursday = vevents(lines_of(response))
    last = datetime.combine(until, time(23, 59, 59), tzinfo=HELSINKI).astimezone(UTC)
    assert prop(tuesday, "RRULE") == (f"RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL={last:%Y%m%dT%H%M%S}Z")
    assert prop(thursday, "RRULE").startswith("RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=")
    assert prop(tuesday, "UID") == f"UID:{page.pk}-tue-1000@{host_of(page)}"
    start = prop(tuesday, "DTSTART").split(":")[1]
    first = datetime.strptime(start, "%Y%m%dT%H%M%S").date()
    assert first.weekday() == 1 and today <= first <= today + timedelta(days=7)
    assert prop(tuesday, "DTEND") == f"DTEND;TZID=Europe/Helsinki:{first:%Y%m%d}T113000"
    assert prop(thursday, "DTEND") is None  # no end time given


def test_weekly_starts_at_the_next_occurrence(make_activity):
    page = make_activity(weekly=((0, time(10), time(11)),))
    monday = datetime(2027, 3, 1, 10, 30, tzinfo=HELSINKI)  # during the meeting
    [event] = calendar.events(page, monday)
    assert event.day.isoformat() == "2027-03-01" and event.weekly and event.weekly_until is None
    [event] = calendar.events(page, monday.replace(hour=11, minute=5))  # just over
    assert event.day.isoformat() == "2027-03-08"
    [event] = calendar.events(page, monday - timedelta(days=2))  # Saturday
    assert event.day.isoformat() == "2027-03-01"
    text = calendar.build_calendar(page, [event], url="https://x.fi/a/", host="x.fi")
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO\r\n" in text  # open-ended: no UNTIL


def test_weekly_respects_the_validity_period(make_activity, today, future):
    page = make_activity(weekly=((2, time(10)),), valid_from=future(30), valid_until=future(60))
    [event] = calendar.events(page, datetime.now(UTC))
    assert event.day.weekday() == 2 and future(30) <= event.day < future(37)
    assert event.weekly_until == future(60)
    # The next such weekday is after the end of validity: nothing to add.
    WeeklyTime.objects.filter(page=page).update(weekday=future(3).weekday())
    page.valid_from, page.valid_until = None, future(2)
    noon = datetime.combine(today, time(12), tzinfo=HELSINKI)
    assert calendar.events(page, noon) == []
    page.valid_until = future(3)
    assert [e.day for e in calendar.events(page, noon)] == [future(3)]


# --- text ------------------------------------------------------------------


def test_text_is_escaped():
    assert calendar.escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_long_lines_are_folded_at_75_octets_between_characters():
    line = "DESCRIPTION:" + "Äänekosken kävelyryhmä " * 20
    folded = calendar.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line
    assert calendar.fold("SHORT:x") == "SHORT:x"


def test_the_whole_file_is_folded(client, make_activity, future):
    page = make_activity(
        "Hyvinvointia " * 12, summary="Pitkä kuvaus, jossa on ääkkösiä. " * 10, meetings=[future(5)]
    )
    body = client.get(ics_url(page)).content.decode("utf-8")
    physical = body.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    assert any(line.startswith(" ") for line in physical)


# --- who gets a calendar ---------------------------------------------------


def test_no_calendar_for_drafts_and_unpublished_pages(client, catalogue, make_activity, future):
    draft = make_activity(meetings=[future(5)], publish=False, live=False)
    assert not draft.live
    assert client.get(f"{catalogue.url}{draft.slug}/calendar/").status_code == 404
    page = make_activity(meetings=[future(5)])
    url = ics_url(page)
    assert client.get(url).status_code == 200
    page.unpublish()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("status", ["paused", "ended"])
def test_no_calendar_for_paused_or_ended_pages(client, make_activity, future, status):
    page = make_activity(meetings=[future(5)], status=status)
    assert client.get(ics_url(page)).status_code == 404
    assert "calendar/" not in client.get(page.url).content.decode()


def test_no_calendar_for_private_pages(client, make_activity, make_user, future):
    page = make_activity(meetings=[future(5)])
    url = ics_url(page)
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert client.get(url).status_code == 302  # Wagtail asks to log in first
    client.force_login(make_user("editor"))
    assert client.get(url).status_code == 404
    assert client.get(page.url).status_code == 200
    assert url not in client.get(page.url).content.decode()


def test_no_calendar_without_coming_events(client, make_activity, today):
    page = make_activity(meetings=[today - timedelta(days=3)])
    assert client.get(ics_url(page)).status_code == 404


def test_downloads_are_not_counted_as_page_views(client, make_activity, future):
    from wagtail_hyte.metrics.models import ActivityViewDay

    page = make_activity(meetings=[future(5)])
    client.get(ics_url(page))
    assert not ActivityViewDay.objects.exists()
    client.get(page.url)
    assert ActivityViewDay.objects.get().views == 1


# --- the link --------------------------------------------------------------


def test_the_page_links_to_its_calendar(client, make_activity, future):
    page = make_activity(meetings=[future(5)])
    html = client.get(page.url).content.decode()
    assert f'href="{ics_url(page)}" download="{page.slug}.ics"' in html
    assert "Lisää kalenteriin (.ics)" in html  # the site's default language is Finnish
    with translation.override("sv"):
        assert translation.gettext("Add to calendar (.ics)") == "Lägg till i kalendern (.ics)"


def test_no_link_without_coming_events(client, make_activity, today):
    page = make_activity(meetings=[today - timedelta(days=3)])
    response = client.get(page.url)
    assert response.status_code == 200
    assert "calendar/" not in response.content.decode()
    assert "Lisää kalenteriin" not in response.content.decode()


def test_no_link_in_previews(make_activity, future):
    page = make_activity(meetings=[future(5)])
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "calendar/" not in response.content.decode()
