"""The follow-up figures in the REST API (``api/hyte/v1/followup/``) and the
partners' own response figures (``api/hyte/v1/partner-figures/``): who may read
them, every cell as the admin's tables show it (a small cell never gives its
number away), the admin's filter validation, the yearly report, and the
follow-up addresses answering 404 where the app is not installed."""

import csv
import importlib
import io
import re
import types

import pytest
from django.apps import apps
from django.urls import clear_url_caches, include, path, reverse

from tests.factories import clone_referrals
from tests.referrals import conftest as referral_fixtures
from wagtail_hyte.core.periods import local_date
from wagtail_hyte.core.spreadsheets import safe_cell
from wagtail_hyte.followup.forms import FollowUpFilterForm, YearlyReportForm
from wagtail_hyte.followup.measures import BREAKDOWNS, MEASURES

pytestmark = pytest.mark.django_db

# The referral tests' fixtures: a partner with an agreement, its people, referrals.
notices = referral_fixtures.notices
world = referral_fixtures.world
refer = referral_fixtures.refer

#: The number of referrals made: a small cell, shown as "< 5" and never as 3.
SMALL = 3
HIDDEN = "< 5"
ROLES = ["professional", "staff", "other_staff", "editor"]


def url(name, *args):
    return reverse(f"hyte_api_v1:{name}", args=args)


def this_month() -> str:
    return local_date().strftime("%Y-%m")


def period() -> dict:
    return {"start": this_month(), "end": this_month()}


@pytest.fixture
def referrals(world, refer, english):
    """``SMALL`` referrals to the world's partner, sent this month."""
    return [refer() for _n in range(SMALL)]


def login(client, user):
    client.force_login(user)
    return client


def get(client, address, params=None):
    response = client.get(address, params or {})
    assert response.status_code == 200, response.content
    return response.json()


def cells(body):
    """Every cell of every measure in a response."""
    measures = body.get("measures") or [body["measure"]]
    return [cell for measure in measures for row in measure["rows"] for cell in row["cells"]]


def api_table(measure) -> list[list[str]]:
    """A measure of the API as the admin's CSV export writes it."""
    header = ["Row", *measure["months"]]
    rows = [
        [safe_cell(row["label"]), *(c["display"] for c in row["cells"])] for row in measure["rows"]
    ]
    return [header, *rows]


def admin_csv(client, address, params) -> list[list[str]]:
    response = client.get(address, {**params, "export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


def follow_up_endpoints():
    return [
        url("followup_measures"),
        url("followup_measure", "referrals"),
        url("followup_breakdown", "referrals", "partner"),
        url("followup_yearly"),
    ]


# --- who may read them ---------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "auditor"])
def test_coordinators_and_auditors_read_the_follow_up(client, world, english, role):
    login(client, getattr(world, role))
    assert client.get(reverse("hyte_followup:index")).status_code == 200  # as in the admin
    for address in follow_up_endpoints():
        response = client.get(address, period() if "yearly" not in address else {})
        assert response.status_code == 200, (address, response.content)


@pytest.mark.parametrize("role", ROLES)
def test_others_may_not_read_the_follow_up(client, world, role):
    login(client, getattr(world, role))
    assert client.get(reverse("hyte_followup:index")).status_code == 302  # the admin refuses
    for address in follow_up_endpoints():
        response = client.get(address)
        assert response.status_code == 403, (role, address)
        assert response.json()["error"]["code"] == "permission_denied"


def test_anonymous_may_read_nothing(client, world):
    for address in [*follow_up_endpoints(), url("partner_figures")]:
        response = client.get(address)
        assert response.status_code in (401, 403), address
        assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("role", ["professional", "coordinator", "auditor", "editor"])
def test_partner_figures_are_for_partner_staff(client, world, role):
    login(client, getattr(world, role))
    response = client.get(url("partner_figures"))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


# --- the figures, as the admin shows them ---------------------------------------------


def test_every_measure_as_the_admin_table_shows_it(client, world, referrals):
    login(client, world.coordinator)
    body = get(client, url("followup_measures"), period())
    assert [measure["slug"] for measure in body["measures"]] == list(MEASURES)
    assert body["scope"] == {
        "start": this_month(),
        "end": this_month(),
        "partner": None,
        "municipality": None,
        "theme": None,
    }
    for measure in body["measures"]:
        assert measure["months"] == [this_month()]
        admin = admin_csv(
            client, reverse("hyte_followup:measure", args=[measure["slug"]]), period()
        )
        assert api_table(measure) == admin, measure["slug"]
        one = get(client, url("followup_measure", measure["slug"]), period())
        assert one["measure"] == measure and one["by"] is None


def test_a_small_cell_never_gives_its_number_away(client, world, referrals):
    login(client, world.coordinator)
    responses = [get(client, url("followup_measures"), period())]
    for slug, bys in BREAKDOWNS.items():
        responses += [get(client, url("followup_breakdown", slug, by), period()) for by in bys]
    for body in responses:
        assert body["small_cells"]["hidden_label"] == HIDDEN
        for cell in cells(body):
            assert cell["value"] != SMALL
            if cell["hidden"]:
                assert cell["value"] is None and cell["display"] == HIDDEN
    text = client.get(url("followup_measures"), period()).content.decode()
    assert not re.search(rf'"value":\s*{SMALL}\b', text)
    referrals_made = responses[0]["measures"][MEASURES.index("referrals")]
    total = next(row for row in referrals_made["rows"] if row["key"] == "total")
    assert total["cells"] == [{"value": None, "hidden": True, "display": HIDDEN}]


def test_a_cell_above_the_threshold_shows_its_number(client, world, referrals):
    clone_referrals(referrals[0], 3)  # six in all (the quota allows five: copies bypass it)
    login(client, world.auditor)
    body = get(client, url("followup_measure", "referrals"), period())
    total = next(row for row in body["measure"]["rows"] if row["key"] == "total")
    assert total["cells"] == [{"value": 6, "hidden": False, "display": "6"}]


@pytest.mark.parametrize(("slug", "by"), [(s, b) for s, bys in BREAKDOWNS.items() for b in bys])
def test_breakdowns_as_the_admin_shows_them(client, world, referrals, slug, by):
    login(client, world.coordinator)
    body = get(client, url("followup_breakdown", slug, by), period())
    assert body["by"] == by and body["breakdowns"] == list(BREAKDOWNS[slug])
    admin = admin_csv(client, reverse("hyte_followup:breakdown", args=[slug, by]), period())
    assert api_table(body["measure"]) == admin


def test_filters_choose_the_scope(client, world, referrals):
    login(client, world.coordinator)
    params = {**period(), "partner": world.other_partner.pk}
    body = get(client, url("followup_measure", "referrals"), params)
    assert body["scope"]["partner"] == world.other_partner.pk
    total = next(row for row in body["measure"]["rows"] if row["key"] == "total")
    assert total["cells"][0]["display"] == "0"  # none to the other partner
    assert api_table(body["measure"]) == admin_csv(
        client, reverse("hyte_followup:measure", args=["referrals"]), params
    )


def test_the_default_period_is_the_admins(client, world, referrals):
    login(client, world.coordinator)
    body = get(client, url("followup_measures"))
    form = FollowUpFilterForm(None)
    assert body["scope"]["start"] == form.default.start.strftime("%Y-%m")
    assert body["scope"]["end"] == form.default.end.strftime("%Y-%m") == this_month()


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"start": "2025-13"}, "start", "invalid"),
        ({"end": "maaliskuu"}, "end", "invalid"),
        ({"start": "2025-06", "end": "2025-01"}, "non_field_errors", "order"),
        ({"start": "2020-01", "end": "2025-12"}, "non_field_errors", "too_long"),
        ({"partner": "999999"}, "partner", "invalid_choice"),
        ({"municipality": "abc"}, "municipality", "invalid_choice"),
        ({"theme": "999999"}, "theme", "invalid_choice"),
    ],
)
def test_a_bad_filter_is_refused_as_the_admin_form_refuses_it(
    client, world, english, params, field, code
):
    login(client, world.coordinator)
    response = client.get(url("followup_measures"), params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert [e["code"] for e in error["fields"][field]] == [code]
    form = FollowUpFilterForm(params)
    assert not form.is_valid()
    name = "__all__" if field == "non_field_errors" else field
    assert [e["message"] for e in error["fields"][field]] == form.errors[name]


@pytest.mark.parametrize(
    ("measure", "by"), [("nonsense", None), ("agreements", "partner"), ("referrals", "colour")]
)
def test_unknown_measures_and_breakdowns_are_404(client, world, measure, by):
    login(client, world.coordinator)
    address = (
        url("followup_measure", measure) if by is None else url("followup_breakdown", measure, by)
    )
    response = client.get(address)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


# --- the yearly report -----------------------------------------------------------------


def yearly_sections(client, params) -> dict[str, list[list[str]]]:
    response = client.get(reverse("hyte_followup:yearly"), {**params, "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    sections, current = {}, None
    for row in rows:
        if row and row[0].startswith("## "):
            current = sections.setdefault(row[0][3:], [])
        elif current is not None and row:
            current.append(row)
        elif not row:
            current = None
    return {title: table[1:] for title, table in sections.items()}  # without the definition


def test_the_yearly_report_as_the_admin_writes_it(client, world, referrals, municipalities):
    login(client, world.coordinator)
    jyvaskyla = municipalities.get(code="179")
    params = {"year": str(local_date().year), "municipality": str(jyvaskyla.pk)}
    body = get(client, url("followup_yearly"), params)
    assert body["year"] == local_date().year and body["municipality"] == jyvaskyla.pk
    assert body["municipality_name"] == jyvaskyla.name
    assert [m["slug"] for m in body["measures"]] == [
        "agreements",
        "referrals",
        "outcomes",
        "recommendations",
        "feedback",
    ]
    sections = yearly_sections(client, params)
    for measure in body["measures"]:
        assert len(measure["months"]) == 12
        assert api_table(measure) == sections[measure["title"]], measure["slug"]
    referrals_made = body["measures"][1]
    total = next(row for row in referrals_made["rows"] if row["key"] == "total")
    month = int(local_date().strftime("%m")) - 1
    assert total["cells"][month] == {"value": None, "hidden": True, "display": HIDDEN}
    for cell in cells(body):
        assert cell["value"] != SMALL


def test_the_yearly_report_defaults_to_the_admins_year(client, world, english):
    login(client, world.auditor)
    body = get(client, url("followup_yearly"))
    assert body["year"] == YearlyReportForm().fields["year"].initial
    assert body["municipality"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "1999"}, "year"),
        ({"year": "abc"}, "year"),
        ({"municipality": "99999"}, "municipality"),
    ],
)
def test_a_bad_yearly_query_names_its_field(client, world, params, field):
    login(client, world.coordinator)
    response = client.get(url("followup_yearly"), params)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


# --- the partners' own figures ---------------------------------------------------------


def test_partner_staff_see_their_own_figures_as_the_inbox_does(client, world, referrals):
    login(client, world.staff)
    body = get(client, url("partner_figures"))
    assert [row["partner_id"] for row in body["partners"]] == [world.partner.pk]
    row = body["partners"][0]
    assert row["partner_name"] == world.partner.name
    assert row["referrals"] == {"value": None, "hidden": True, "display": HIDDEN}
    assert row["open"] == {"value": None, "hidden": True, "display": HIDDEN}
    assert row["succeeded"] == {"value": 0, "hidden": False, "display": "0"}
    assert row["median_days"] is None and row["acceptance_rate"] is None  # too few
    text = client.get(url("partner_figures")).content.decode()
    assert not re.search(rf'"value":\s*{SMALL}\b', text)
    inbox = client.get(reverse("hyte_referrals:inbox")).content.decode()
    assert HIDDEN.replace("<", "&lt;") in inbox  # the inbox shows the same


def test_another_partners_staff_see_none_of_them(client, world, referrals):
    login(client, world.other_staff)
    assert get(client, url("partner_figures")) == {"partners": []}


def test_partner_figures_above_the_threshold(client, world, referrals):
    clone_referrals(referrals[0], 3)
    login(client, world.staff)
    row = get(client, url("partner_figures"))["partners"][0]
    assert row["referrals"] == {"value": 6, "hidden": False, "display": "6"}


# --- without the follow-up app ---------------------------------------------------------


@pytest.fixture
def without_followup(monkeypatch, settings):
    """The API's URLs as a site without ``wagtail_hyte.followup`` builds them."""
    from wagtail_hyte.api.v1 import urls as v1_urls
    from wagtail_hyte.api.v1.followup import urls as followup_urls

    installed = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name != "wagtail_hyte.followup" and installed(name)
    )
    importlib.reload(followup_urls)
    importlib.reload(v1_urls)
    site = importlib.import_module(settings.ROOT_URLCONF)
    urlconf = types.ModuleType("without_followup_urls")
    urlconf.urlpatterns = [
        path("api/hyte/v1/", include(v1_urls)),
        *(pattern for pattern in site.urlpatterns if str(pattern.pattern) != "api/"),
    ]
    settings.ROOT_URLCONF = urlconf
    yield followup_urls
    monkeypatch.undo()
    importlib.reload(followup_urls)
    importlib.reload(v1_urls)
    clear_url_caches()


def test_without_the_app_the_follow_up_answers_404(client, world, referrals, without_followup):
    assert without_followup.followup_patterns() == []
    login(client, world.coordinator)
    for address in ("followup/", "followup/measures/referrals/", "followup/yearly/"):
        assert client.get("/api/hyte/v1/" + address).status_code == 404
    assert client.get("/api/hyte/v1/ledger/entries/").status_code == 403  # the rest is served
    login(client, world.staff)
    assert client.get("/api/hyte/v1/partner-figures/").status_code == 200


# --- API tokens ------------------------------------------------------------------------


def token_for(user, scopes, created_by):
    from datetime import timedelta

    from wagtail_hyte.api.tokens import create_token

    created = create_token(
        name="Raportointijärjestelmä",
        user=user,
        scopes=scopes,
        expires_on=local_date() + timedelta(days=30),
        created_by=created_by,
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {created.secret}"}


def test_a_token_needs_the_follow_up_scope(client, world, referrals):
    allowed = token_for(world.coordinator, ["followup:read"], world.coordinator)
    other_scope = token_for(world.coordinator, ["ledger:read"], world.coordinator)
    for address in follow_up_endpoints():
        params = period() if "yearly" not in address else {}
        assert client.get(address, params, **allowed).status_code == 200
        assert client.get(address, params, **other_scope).status_code == 403
    staff = token_for(world.staff, ["followup:read"], world.coordinator)
    assert client.get(url("partner_figures"), **staff).status_code == 200
    staff_other = token_for(world.staff, ["referrals:read"], world.coordinator)
    assert client.get(url("partner_figures"), **staff_other).status_code == 403
