"""The Follow-up area's admin views: who may open them, the index with charts and
tables, filters and their errors, the measure reports and breakdowns, the menu
item and the dashboard panel."""

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.referrals.conftest import notices, refer, world  # noqa: F401  (fixtures)
from wagtail_hyte.followup.views import BREAKDOWNS

from . import fakes

HEADERS = {"HTTP_ACCEPT_LANGUAGE": "en"}
ALLOWED = ["coordinator", "auditor", "superuser"]
REFUSED = ["partner_staff", "professional", "editor"]


def refused(response):
    """Wagtail turns PermissionDenied into a redirect to the dashboard (never to login)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def all_urls():
    return [
        reverse("hyte_followup:index"),
        reverse("hyte_followup:index") + "?start=2025-01&end=2025-03",
        reverse("hyte_followup:yearly"),
        reverse("hyte_followup:yearly") + "?year=2025&format=xlsx",
        reverse("hyte_followup:yearly") + "?year=2025&format=csv",
        reverse("hyte_followup:measure", args=["referrals"]),
        reverse("hyte_followup:measure", args=["referrals"]) + "?export=csv",
        reverse("hyte_followup:measure", args=["referrals"]) + "?export=xlsx",
        *(
            reverse("hyte_followup:breakdown", args=[slug, by])
            for slug, bys in BREAKDOWNS.items()
            for by in bys
        ),
    ]


# --- access ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ALLOWED)
def test_coordinators_auditors_and_superusers_may(client, make_user, measures, role):
    client.force_login(make_user(role))
    for url in all_urls():
        response = client.get(url, **HEADERS)
        assert response.status_code == 200, url


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_are_refused(client, make_user, measures, role):
    client.force_login(make_user(role))
    for url in all_urls():
        assert refused(client.get(url, **HEADERS)), url
    assert measures.calls == []  # refused before any figure is computed


def test_anonymous_is_sent_to_login(client, measures):
    for url in all_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/admin/login/" in response["Location"]
    assert measures.calls == []


def test_the_roles_hold_the_permission(make_user):
    for role in ("coordinator", "auditor"):
        assert make_user(role).has_perm("wagtail_hyte_followup.view_follow_up")
    for role in REFUSED:
        assert not make_user(role).has_perm("wagtail_hyte_followup.view_follow_up")


def test_menu_item_only_for_those_who_may(rf, make_user):
    from wagtail import hooks

    from wagtail_hyte.core.adminviews import MENU_HOOK

    items = [fn() for fn in hooks.get_hooks(MENU_HOOK)]
    item = next(i for i in items if i.name == "hyte-follow-up")
    assert item.url == "/admin/hyte/follow-up/"
    assert item.order == 405
    for role, shown in [("coordinator", True), ("auditor", True), *((r, False) for r in REFUSED)]:
        request = rf.get("/admin/")
        request.user = make_user(role)
        assert item.is_shown(request) is shown, role


def test_unknown_measure_and_breakdown_are_404(coordinator_client, measures):
    assert coordinator_client.get("/admin/hyte/follow-up/nothing/").status_code == 404
    assert coordinator_client.get("/admin/hyte/follow-up/outcomes/by/theme/").status_code == 404
    assert coordinator_client.get("/admin/hyte/follow-up/searches/by/partner/").status_code == 404


# --- the index ------------------------------------------------------------------


def test_index_shows_every_measure_as_chart_and_table(coordinator_client, measures):
    response = coordinator_client.get(
        reverse("hyte_followup:index") + "?start=2025-01&end=2025-03", **HEADERS
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == len(fakes.SLUGS)
    assert len(re.findall(r"<caption id=\"[^\"]+-table-caption\">", html)) == len(fakes.SLUGS)
    assert html.count("<figcaption") == len(fakes.SLUGS)
    for slug in fakes.SLUGS:
        assert f"Measure {slug}" in html
        assert f"What {slug} counts, in words." in html
        assert reverse("hyte_followup:measure", args=[slug]) + "?start=2025-01" in html
    assert '<th scope="col">' in html and '<th scope="row">' in html
    assert "&lt; 5" in html
    # Each chart is labelled by its figure's caption.
    labelled = re.findall(r'<svg class="hyte-chart"[^>]* aria-labelledby="([^"]+)"', html)
    assert len(labelled) == len(fakes.SLUGS)
    for caption_id in labelled:
        assert f'<figcaption id="{caption_id}">' in html
    assert 'href="/static/wagtail_hyte/followup/followup.css"' in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    scope = measures.calls[0][2]
    assert (scope.start, scope.end) == (date(2025, 1, 1), date(2025, 3, 1))


def test_index_never_shows_a_hidden_value(coordinator_client, measures):
    html = coordinator_client.get(
        reverse("hyte_followup:index") + "?start=2025-01&end=2025-03", **HEADERS
    ).content.decode()
    # February's cell of "referrals" is hidden (3): "< 5" in its table.
    section = html.split('id="hyte-measure-2-referrals"', 1)[1].split("</section>", 1)[0]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", section)
    assert cells == ["20", "&lt; 5", "0"]


def test_index_uses_the_default_scope_without_filters(coordinator_client, measures, settings):
    from wagtail_hyte.followup.scope import default_scope

    coordinator_client.get(reverse("hyte_followup:index"), **HEADERS)
    assert measures.calls[0][2] == default_scope()


def test_filters_reach_the_scope(coordinator_client, measures, make_partner, taxonomies):
    from wagtail_hyte.activities.models import Theme
    from wagtail_hyte.core.models import Municipality

    partner = make_partner(name="Suodatinseura")
    municipality = Municipality.objects.get(code="179")
    theme = Theme.objects.first()
    response = coordinator_client.get(
        reverse("hyte_followup:index"),
        {
            "start": "2025-01",
            "end": "2025-06",
            "partner": partner.pk,
            "municipality": municipality.pk,
            "theme": theme.pk,
        },
        **HEADERS,
    )
    assert response.status_code == 200
    scope = measures.calls[0][2]
    assert scope.partner_id == partner.pk
    assert scope.municipality_id == municipality.pk
    assert scope.theme_id == theme.pk
    assert len(scope.months()) == 6
    html = response.content.decode()
    # The measure links keep the filters.
    assert f"partner={partner.pk}" in html and f"theme={theme.pk}" in html


@pytest.mark.parametrize(
    "query, message",
    [
        ({"start": "2025-13"}, "Enter a month as YYYY-MM"),
        ({"start": "tammikuu"}, "Enter a month as YYYY-MM"),
        ({"end": "2025-02-30"}, "Enter a month as YYYY-MM"),
        ({"start": "2025-05", "end": "2025-02"}, "The first month must not be after the last"),
        ({"start": "2020-01", "end": "2025-02"}, "at most 60 months"),
        ({"partner": "999999"}, "Select a valid choice"),
        ({"theme": "x"}, "Select a valid choice"),
    ],
)
def test_bad_filter_input_is_a_translated_error_not_a_500(
    coordinator_client, measures, query, message
):
    from wagtail_hyte.followup.scope import default_scope

    for url in (
        reverse("hyte_followup:index"),
        reverse("hyte_followup:measure", args=["referrals"]),
    ):
        response = coordinator_client.get(url, query, **HEADERS)
        assert response.status_code == 200
        html = response.content.decode()
        assert message in html
        assert 'role="alert"' in html
        # The figures shown are the default period's.
        assert measures.calls[-1][2] == default_scope()


def test_the_month_error_is_translated_to_finnish(client, make_user, measures):
    from django.utils import translation

    from wagtail_hyte.followup.forms import MonthField

    with translation.override("fi"):
        finnish = str(MonthField.default_error_messages["invalid"])
    client.force_login(make_user("coordinator"))
    response = client.get(reverse("hyte_followup:index"), {"start": "x"})
    assert response.status_code == 200
    from django.utils.html import escape

    assert escape(finnish) in response.content.decode()


def test_month_inputs_are_month_inputs(coordinator_client, measures):
    html = coordinator_client.get(
        reverse("hyte_followup:index") + "?start=2025-01&end=2025-03", **HEADERS
    ).content.decode()
    assert re.search(r'<input type="month" name="start" value="2025-01"', html)
    assert re.search(r'<input type="month" name="end" value="2025-03"', html)


def test_index_query_budget(coordinator_client, measures, django_assert_max_num_queries):
    url = reverse("hyte_followup:index") + "?start=2025-01&end=2025-12"
    coordinator_client.get(url)  # warm up the session and the menu
    with django_assert_max_num_queries(23):
        assert coordinator_client.get(url).status_code == 200


def test_index_query_budget_with_the_real_measures(
    client,
    world,  # noqa: F811
    refer,  # noqa: F811
    django_assert_max_num_queries,
):
    """With the real measures and data in every measure, the page stays within
    the budget; and no client detail reaches it."""
    pytest.importorskip("wagtail_hyte.followup.measures")
    from tests.referrals.conftest import CLIENT_NEEDLES
    from wagtail_hyte.referrals import services

    referrals = [refer() for _i in range(5)]  # the quota
    services.accept(referrals[0], user=world.staff)
    services.report_outcome(referrals[0], user=world.staff, succeeded=True)
    client.force_login(world.coordinator)
    url = reverse("hyte_followup:index")
    client.get(url)
    # 24: one of them reads the user's HYTE groups for the session limits per
    # role (core/sessions.py), shared with every has_role() on the page.
    with django_assert_max_num_queries(24) as captured:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode().lower()
    assert not [needle for needle in CLIENT_NEEDLES if needle in html]
    print(f"\nfollow-up index: {len(captured.captured_queries)} queries")
    # Filtered by partner, municipality and theme: the same budget.
    theme = world.activity.themes.first()
    municipality = world.activity.municipalities.first()
    query = f"?start=2025-01&end=2026-12&partner={world.partner.pk}"
    query += f"&theme={theme.pk if theme else ''}"
    query += f"&municipality={municipality.pk if municipality else ''}"
    with django_assert_max_num_queries(24) as captured:
        response = client.get(url + query)
    assert response.status_code == 200
    assert 'role="alert"' not in response.content.decode()
    print(f"follow-up index, filtered: {len(captured.captured_queries)} queries")


# --- one measure ----------------------------------------------------------------


def test_measure_page_is_a_report_with_exports_and_breakdowns(coordinator_client, measures):
    url = reverse("hyte_followup:measure", args=["referrals"])
    response = coordinator_client.get(url + "?start=2025-01&end=2025-03", **HEADERS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Measure referrals" in html
    assert "export=xlsx" in html and "export=csv" in html
    for by in BREAKDOWNS["referrals"]:
        assert reverse("hyte_followup:breakdown", args=["referrals", by]) + "?start=" in html
    assert 'role="img"' in html
    assert "<caption" in html
    assert '<th scope="row"' in html and '<th scope="col"' in html
    assert "&lt; 5" in html


def test_breakdown_page(coordinator_client, measures):
    url = reverse("hyte_followup:breakdown", args=["referrals", "partner"])
    response = coordinator_client.get(url + "?start=2025-01&end=2025-02", **HEADERS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "First partner" in html and "Second partner" in html
    assert 'aria-current="page">By partner' in html
    assert measures.calls[-1][0] == "breakdown" and measures.calls[-1][3] == "partner"


# --- the dashboard panel --------------------------------------------------------


def test_dashboard_panel_for_coordinators(coordinator_client, measures):
    response = coordinator_client.get(reverse("wagtailadmin_home"), **HEADERS)
    html = response.content.decode()
    assert "Follow-up: this month and the previous one" in html
    panel = html.split('id="hyte_follow_up-heading"', 1)[1].split("</section>", 1)[0]
    assert "Measure referrals" in panel
    assert "Measure outcomes: The client joined" in panel
    assert "Measure agreements: New agreements" in panel
    scopes = {call[2] for call in measures.calls if call[0] == "measure"}
    assert len(scopes) == 1
    (scope,) = scopes
    assert len(scope.months()) == 2


def test_dashboard_panel_hides_small_cells(coordinator_client, measures, monkeypatch):
    from wagtail_hyte.followup import panels

    rows, _months = panels.panel_rows(date(2025, 2, 15))
    referrals = next(r for r in rows if r["label"] == "Measure referrals")
    # January 20, February 3 (hidden).
    assert (str(referrals["previous"]), str(referrals["current"])) == ("20", "< 5")


@pytest.mark.parametrize("role", REFUSED)
def test_no_dashboard_panel_for_others(client, make_user, measures, role):
    client.force_login(make_user(role))
    html = client.get(reverse("wagtailadmin_home"), **HEADERS).content.decode()
    assert "hyte_follow_up-heading" not in html
    assert measures.calls == []


def test_a_bad_month_keeps_the_valid_filters_and_marks_the_field(
    coordinator_client, measures, make_partner
):
    from wagtail_hyte.followup.scope import default_scope

    partner = make_partner(name="Pidettävä ry")
    response = coordinator_client.get(
        reverse("hyte_followup:index"), {"start": "2025-99", "partner": partner.pk}, **HEADERS
    )
    assert response.status_code == 200
    scope = measures.calls[-1][2]
    default = default_scope()
    assert (scope.start, scope.end, scope.partner_id) == (default.start, default.end, partner.pk)
    html = response.content.decode()
    field = re.search(r'<input type="month" name="start"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_start-help id_start-error"' in field
    assert 'id="id_start-error"' in html
