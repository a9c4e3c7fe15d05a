"""Page types, validation rules, the seed-000 group shape, service paths and partner profiles."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wagtail_hyte.activities import validation
from wagtail_hyte.activities.models import (
    ActivityIndexPage,
    ActivityLeader,
    ActivityMeeting,
    ActivityPage,
    ServicePathPage,
)

pytestmark = pytest.mark.django_db


def test_allowed_parent_and_child_page_types(home_page):
    from home.models import HomePage

    assert ActivityIndexPage.can_exist_under(home_page)
    assert not ActivityPage.can_exist_under(home_page)
    assert ActivityIndexPage.allowed_subpage_models() == [ActivityPage, ServicePathPage]
    assert ActivityPage.allowed_parent_page_models() == [ActivityIndexPage]
    assert ActivityPage.allowed_subpage_models() == []
    assert ServicePathPage.allowed_subpage_models() == []
    assert ServicePathPage.can_exist_under(home_page)
    assert ActivityIndexPage in HomePage.allowed_subpage_models()


def errors_of(page):
    with pytest.raises(ValidationError) as info:
        page.full_clean()
    return info.value.message_dict


def test_invalid_pages_cannot_be_saved(make_activity):
    with pytest.raises(ValidationError):
        make_activity(min_age=70, max_age=60)


def test_age_range_validation(make_activity):
    page = make_activity()
    page.min_age, page.max_age = 70, 60
    assert "max_age" in errors_of(page)
    page.min_age, page.max_age = 0, 121
    assert "max_age" in errors_of(page)
    page.max_age = 120
    page.full_clean()


def test_group_size_validation(make_activity):
    page = make_activity()
    page.group_size_min, page.group_size_max = 8, 6
    assert "group_size_max" in errors_of(page)
    page.group_size_min = 0
    assert "group_size_min" in errors_of(page)


def test_validity_dates(make_activity, today):
    page = make_activity()
    page.valid_from, page.valid_until = today, today - timedelta(days=1)
    assert "valid_until" in errors_of(page)


def test_registration_details_required_when_registration_is(make_activity):
    page = make_activity()
    page.registration_required = True
    assert "registration_required" in errors_of(page)
    page.registration_phone = "040 123 4567"
    page.full_clean()
    assert page.registration_phone == "+358401234567"


def test_meeting_dates_must_run_forward():
    d = date(2026, 3, 2)
    assert (
        validation.check_meetings([(d, time(10), time(11)), (d + timedelta(7), None, None)]) == []
    )
    assert validation.check_meetings([(d, time(10), None), (d - timedelta(1), time(10), None)])
    assert validation.check_meetings([(d, time(12), time(11))])
    assert validation.check_meetings([(d, time(10), None), (d, time(10), None)])


@translation.override("en")
def test_clean_schedule_checks_shape(make_activity, future):
    page = make_activity(meetings=[future(10), future(20)])
    page.clean_schedule()
    page.meetings = [ActivityMeeting(date=future(20)), ActivityMeeting(date=future(10))]
    with pytest.raises(ValidationError):
        page.clean_schedule()
    page.schedule_type = "one_off"
    page.meetings = [ActivityMeeting(date=future(3)), ActivityMeeting(date=future(4))]
    with pytest.raises(ValidationError, match="exactly one"):
        page.clean_schedule()
    page.schedule_type = "weekly"
    page.weekly_times = []
    with pytest.raises(ValidationError, match="weekly time"):
        page.clean_schedule()


def test_admin_form_rejects_meetings_out_of_order(client, make_user, catalogue, make_partner):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    from wagtail_hyte.activities.models import Theme
    from wagtail_hyte.core.models import Municipality

    admin = make_user("superuser")
    client.force_login(admin)
    partner = make_partner()

    def post(meetings):
        data = nested_form_data(
            {
                "title": "Sarja",
                "slug": "sarja",
                "organiser": partner.pk,
                "summary": "Tiivistelmä",
                "body": streamfield([]),
                "format": "in_person",
                "schedule_type": "series",
                "cost_type": "free",
                "status": "active",
                "locations": inline_formset([]),
                "weekly_times": inline_formset([]),
                "leaders": inline_formset([]),
                "meetings": inline_formset(
                    [
                        {"date": d, "start_time": "10:00", "end_time": "11:00", "note": ""}
                        for d in meetings
                    ]
                ),
            }
        )
        data["themes"] = [Theme.objects.get(slug="nature").pk]
        data["municipalities"] = [Municipality.objects.get(code="179").pk]
        url = reverse(
            "wagtailadmin_pages:add",
            args=["wagtail_hyte_activities", "activitypage", catalogue.pk],
        )
        return client.post(url, data)

    response = post(["2030-03-10", "2030-03-03"])
    assert response.status_code == 200
    assert not ActivityPage.objects.filter(slug="sarja").exists()
    errors = response.context["form"].non_field_errors()
    with translation.override(translation.get_language_from_request(response.wsgi_request)):
        expected = validation.check_meetings(
            [(date(2030, 3, 10), time(10), time(11)), (date(2030, 3, 3), time(10), time(11))]
        )
    assert list(errors) == expected and len(expected) == 1
    response = post(["2030-03-03", "2030-03-10"])
    assert response.status_code == 302
    page = ActivityPage.objects.get(slug="sarja")
    assert [m.date.isoformat() for m in page.meetings.all()] == ["2030-03-03", "2030-03-10"]


def test_seed_000_group_shape(make_activity, future, client):
    """6-8 people aged 70+, five meetings over four months, leaders and visiting experts."""
    page = make_activity(
        "Hyvinvointiryhmä 70+",
        min_age=70,
        group_size_min=6,
        group_size_max=8,
        meeting_count=5,
        meetings=[future(7 + 28 * i) for i in range(5)],
        target_groups=["older-people"],
    )
    page.leaders = [
        ActivityLeader(role="leader", title="palveluohjaaja", organisation_kind="welfare_area"),
        ActivityLeader(role="leader", title="liikunnanohjaaja", organisation_kind="municipality"),
        ActivityLeader(role="leader", title="järjestötyöntekijä", organisation_kind="association"),
        ActivityLeader(role="leader", title="opiskelija", organisation_kind="school"),
        ActivityLeader(
            role="visiting_expert",
            title="etuusasiantuntija",
            organisation="Kela",
            organisation_kind="kela",
        ),
    ]
    page.full_clean()
    page.clean_schedule()
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.meetings.count() == 5 and page.leaders.count() == 5
    assert (page.meetings.last().date - page.meetings.first().date).days <= 122
    html = client.get(page.url).content.decode()
    assert "6–8" in html and "70" in html and "Kela" in html and "etuusasiantuntija" in html


def test_publishing_a_revision_updates_facets_and_dates(make_activity, future):
    from wagtail_hyte.activities.models import Theme

    page = make_activity(themes=["nature"])
    page.themes = [Theme.objects.get(slug="culture")]
    page.save_revision()  # a draft: the live listing must not change yet
    assert set(page.facets.filter(facet="theme").values_list("value", flat=True)) == {"nature"}
    page.get_latest_revision().publish()
    assert set(page.facets.filter(facet="theme").values_list("value", flat=True)) == {"culture"}
    assert ActivityPage.objects.get(pk=page.pk).next_date is not None


def test_service_path_page_renders_steps_and_plain_language(client, catalogue, make_activity):
    activity = make_activity("Liikuntaneuvonta")
    path = catalogue.add_child(
        instance=ServicePathPage(
            title="Liikuntaneuvontaan",
            slug="polku",
            intro="<p>Näin pääset liikuntaneuvontaan.</p>",
            plain_intro="Näin saat apua liikkumiseen.",
            steps=[
                (
                    "step",
                    {
                        "title": "Keskustele hoitajan kanssa",
                        "who": "hoitaja",
                        "client_action": "<p>Kerro liikkumisestasi.</p>",
                        "next_step": "<p>Hoitaja tekee lähetteen.</p>",
                        "plain_language": "Puhu hoitajan kanssa.",
                        "links": [{"page": activity, "label": ""}],
                    },
                ),
                (
                    "step",
                    {
                        "title": "Neuvoja soittaa",
                        "who": "liikuntaneuvoja",
                        "client_action": "<p>Vastaa puhelimeen.</p>",
                        "next_step": "",
                        "plain_language": "Neuvoja soittaa sinulle.",
                        "links": [],
                    },
                ),
            ],
        )
    )
    html = client.get(path.url).content.decode()
    assert html.count('class="hyte-step"') == 2
    assert "Puhu hoitajan kanssa." in html and 'href="' + activity.url + '"' in html
    assert 'id="hyte-plain-path"' in html


def test_partner_profile_lists_live_activities(client, catalogue, make_activity, make_partner):
    partner = make_partner(
        "Laukaan Eläkeläiset ry", slug="laukaan-elakelaiset", description="<p>Vertaisryhmiä.</p>"
    )
    make_activity("Kävelyryhmä", organiser=partner)
    make_activity("Päättynyt ryhmä", organiser=partner, status="ended")
    url = catalogue.partner_url(partner)
    assert url.endswith("/partners/laukaan-elakelaiset/")
    html = client.get(url).content.decode()
    assert "Laukaan Eläkeläiset ry" in html and "Kävelyryhmä" in html
    assert "Päättynyt ryhmä" not in html
    activity = ActivityPage.objects.get(title="Kävelyryhmä")
    assert url in client.get(activity.url).content.decode()
    partner.active = False
    partner.save()
    assert client.get(url).status_code == 404
    assert client.get(catalogue.url + "partners/no-such/").status_code == 404


def test_refresh_command_moves_dates_with_the_calendar(make_activity, today, future):
    from io import StringIO

    from django.core.management import call_command

    page = make_activity(meetings=[future(2), future(9)])
    ActivityPage.objects.filter(pk=page.pk).update(next_date=today - timedelta(days=5))
    out = StringIO()
    call_command("hyte_refresh_activities", "--facets", stdout=out)
    page.refresh_from_db()
    assert page.next_date == future(2) and page.last_date == future(9)
    assert "1 activities had new dates" in out.getvalue()
    assert page.facets.filter(facet="day").exists()


def test_refresh_task_runs_the_same_refresh(make_activity, today, future):
    from wagtail_hyte.activities.tasks import refresh_activities_task

    page = make_activity(meetings=[future(2), future(9)])
    ActivityPage.objects.filter(pk=page.pk).update(next_date=today - timedelta(days=5))
    assert refresh_activities_task.enqueue().return_value == 1
    page.refresh_from_db()
    assert page.next_date == future(2) and page.last_date == future(9)


def test_current_and_ended_have_one_definition(make_activity, today, future):
    ended = {
        make_activity(status="ended").pk,
        make_activity(valid_until=today - timedelta(days=1)).pk,
        make_activity(meetings=[today - timedelta(days=3)]).pk,
    }
    current = make_activity().pk
    make_activity(status="paused")
    make_activity(valid_from=future(5))
    assert set(ActivityPage.objects.ended(today).values_list("pk", flat=True)) == ended
    assert {page.pk for page in ActivityPage.objects.all() if page.has_ended(today)} == ended
    assert list(ActivityPage.objects.current(today).values_list("pk", flat=True)) == [current]


def test_every_way_of_saving_refreshes_derived_data(catalogue, make_activity, today, future):
    page = make_activity("Kävely", meetings=[future(3)])
    assert page.next_date == future(3) and page.facets.filter(facet="theme").exists()
    # A draft revision changes no derived data; publishing it does.
    page.meetings = [ActivityMeeting(date=future(4), start_time=time(18))]
    revision = page.save_revision()
    assert ActivityPage.objects.get(pk=page.pk).next_date == future(3)
    revision.publish()
    assert ActivityPage.objects.get(pk=page.pk).next_date == future(4)
    # A plain save (imports, the demo loader) too.
    page = ActivityPage.objects.get(pk=page.pk)
    page.format = "online"
    page.save()
    assert set(page.facets.filter(facet="format").values_list("value", flat=True)) == {"online"}
