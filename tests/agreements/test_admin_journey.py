"""The coordinator's agreement admin journey: real dates in the listing and on the
inspect page, the covered-activities picker scoped to the partner, and the
confirmation page for suspending and ending an agreement."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from tests.agreements.test_admin_access import form_data
from wagtail_hyte.agreements.models import AgreementStatus, PartnerAgreement
from wagtail_hyte.agreements.views import OPEN_ENDED

pytestmark = pytest.mark.django_db
NS = "wagtailsnippets_wagtail_hyte_agreements_partneragreement"


def url(name, *args):
    return reverse(f"{NS}:{name}", args=args)


def compact(html):
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html))


def fi(message):
    """``message`` (a msgid or a lazy string) as the Finnish admin shows it."""
    with translation.override("fi"):
        return translation.gettext(message) if isinstance(message, str) else str(message)


def denied(response):
    """403, or Wagtail's redirect of a user without admin access (never to the login)."""
    return response.status_code == 403 or (
        response.status_code == 302 and "/login/" not in response.url
    )


def fi_date(day):
    with translation.override("fi"):
        return date_format(day)


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


# --- 1. real dates -------------------------------------------------------------------


def test_listing_shows_real_dates_not_relative_time(coordinator_client, make_agreement):
    make_agreement(
        status="active",
        reference_number="DATE-1",
        valid_from=date(2026, 1, 15),
        valid_to=date(2030, 6, 30),
    )
    make_agreement(reference_number="OPEN-1", valid_from=date(2026, 3, 1), valid_to=None)
    html = compact(coordinator_client.get(url("list")).text)
    assert f'<time datetime="2026-01-15">{fi_date(date(2026, 1, 15))}</time>' in html
    assert f'<time datetime="2030-06-30">{fi_date(date(2030, 6, 30))}</time>' in html
    assert f'<time datetime="2026-03-01">{fi_date(date(2026, 3, 1))}</time>' in html
    assert f"<td>{fi(OPEN_ENDED)}</td>" in html
    assert fi_date(date(2030, 6, 30)) == "30. kesäkuuta 2030"
    for relative in ("Juuri nyt", "juuri nyt", "Just now", "just now", "sitten"):
        assert relative not in html


def test_inspect_page_shows_real_dates_and_open_end(coordinator_client, make_agreement):
    dated = make_agreement(valid_from=date(2026, 2, 1), valid_to=date(2031, 1, 31))
    open_ended = make_agreement(valid_from=date(2026, 2, 1), valid_to=None)
    html = compact(coordinator_client.get(url("inspect", dated.pk)).text)
    assert f"<dd> {fi_date(date(2026, 2, 1))} </dd>" in html
    assert f"<dd> {fi_date(date(2031, 1, 31))} </dd>" in html
    html = compact(coordinator_client.get(url("inspect", open_ended.pk)).text)
    assert f"<dd> {fi(OPEN_ENDED)} </dd>" in html
    assert "<dd> None </dd>" not in html and "<dd> True </dd>" not in html


# --- 2. the covered-activities picker ----------------------------------------------------


@pytest.fixture
def two_partners(make_partner, make_activity, make_agreement):
    own, other = make_partner(name="Oma ry"), make_partner(name="Muu ry")
    mine = [make_activity("Oma kävely", organiser=own), make_activity("Oma uinti", organiser=own)]
    foreign = make_activity("Vieras jooga", organiser=other)
    agreement = make_agreement(partner=own, reference_number="PICK-1")
    return {"own": own, "other": other, "mine": mine, "foreign": foreign, "agreement": agreement}


def agreement_data(agreement, **changes):
    """The edit form's data with a chosen set of activities (the box unticked)."""
    return form_data(agreement, covers_all=False, **changes)


def test_edit_form_offers_only_the_partners_activities(coordinator_client, two_partners):
    response = coordinator_client.get(url("edit", two_partners["agreement"].pk))
    field = response.context["form"].fields["activities"]
    assert [label for _value, label in field.choices] == ["Oma kävely", "Oma uinti"]
    assert {value.value for value, _label in field.choices} == {a.pk for a in two_partners["mine"]}
    select = re.search(r'<select name="activities".*?</select>', response.text, re.S).group(0)
    assert "Vieras jooga" not in select
    assert 'data-hyte-partner-activities="' + url("partner_activities") + '"' in select
    assert "wagtail_hyte/agreements/covered_activities.js" in response.text


def test_edit_with_a_foreign_activity_gets_the_services_message(coordinator_client, two_partners):
    agreement, foreign = two_partners["agreement"], two_partners["foreign"]
    response = coordinator_client.post(
        url("edit", agreement.pk), agreement_data(agreement, activities=[foreign.pk])
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["activities"]
    assert errors == [
        fi("These activities are organised by another partner: %(names)s")
        % {"names": "Vieras jooga"}
    ]
    assert not PartnerAgreement.objects.get(pk=agreement.pk).activities.exists()


def test_add_form_scopes_to_the_posted_partner_and_validates(coordinator_client, two_partners):
    own, foreign = two_partners["own"], two_partners["foreign"]
    unbound = coordinator_client.get(url("add")).context["form"].fields["activities"]
    labels = [label for _value, label in unbound.choices]
    assert "Vieras jooga (Muu ry)" in labels and "Oma uinti (Oma ry)" in labels
    data = agreement_data(
        two_partners["agreement"], reference_number="PICK-2", activities=[foreign.pk]
    )
    data["partner"] = own.pk
    response = coordinator_client.post(url("add"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "Vieras jooga" in form.errors["activities"][0]
    assert [label for _value, label in form.fields["activities"].choices] == [
        "Oma kävely",
        "Oma uinti",
    ]
    assert not PartnerAgreement.objects.filter(reference_number="PICK-2").exists()


def test_partner_activities_endpoint(client, coordinator_client, two_partners, make_user):
    response = coordinator_client.get(
        url("partner_activities"), {"partner": two_partners["own"].pk}
    )
    assert response.status_code == 200
    assert response.json() == {
        "activities": [{"id": a.pk, "title": a.title} for a in two_partners["mine"]]
    }
    assert coordinator_client.get(url("partner_activities"), {"partner": "x"}).status_code == 404
    staff = Client()
    staff.force_login(make_user("partner_staff", partner=two_partners["own"]))
    assert denied(staff.get(url("partner_activities"), {"partner": two_partners["own"].pk}))


# --- 3. confirming suspend and end -------------------------------------------------------


def test_inspect_links_to_the_confirmation_pages(coordinator_client, make_agreement):
    agreement = make_agreement(status="active")
    html = coordinator_client.get(url("inspect", agreement.pk)).text
    assert f'href="{url("status", agreement.pk, "end")}"' in html
    assert f'href="{url("status", agreement.pk, "suspend")}"' in html
    assert f'action="{url("status", agreement.pk, "end")}"' not in html


def test_get_end_confirmation_changes_nothing(coordinator_client, make_agreement):
    agreement = make_agreement(status="active", reference_number="END-1")
    versions = agreement.history.count()
    response = coordinator_client.get(url("status", agreement.pk, "end"))
    assert response.status_code == 200
    text = compact(response.text)
    assert fi("No new referrals can be made under this agreement, from now on.") in text
    assert (
        fi(
            "Referrals already made stay open. Unless another agreement of the partner is in "
            "force, the partner's staff can no longer see the clients' contact details or "
            "accept referrals; they can still report the outcome and record a withdrawal of "
            "consent."
        )
        in text
    )
    assert 'name="reason"' in text and "csrfmiddlewaretoken" in text
    assert f'href="{url("inspect", agreement.pk)}"' in text
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    assert agreement.history.count() == versions


def test_post_end_ends_it_with_the_reason(coordinator_client, coordinator, make_agreement):
    agreement = make_agreement(status="active")
    response = coordinator_client.post(
        url("status", agreement.pk, "end"), {"reason": "Toiminta loppui"}
    )
    assert response.status_code == 302 and response.url == url("inspect", agreement.pk)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ENDED
    latest = agreement.history.latest()
    assert (latest.history_change_reason, latest.history_user) == ("Toiminta loppui", coordinator)


def test_suspend_is_confirmed_too(coordinator_client, make_agreement):
    agreement = make_agreement(status="active")
    page = coordinator_client.get(url("status", agreement.pk, "suspend"))
    assert fi("You can resume the agreement later; its quota and dates stay as they are.") in (
        compact(page.text)
    )
    assert PartnerAgreement.objects.get(pk=agreement.pk).status == AgreementStatus.ACTIVE
    coordinator_client.post(url("status", agreement.pk, "suspend"), {"reason": "Tauko"})
    assert PartnerAgreement.objects.get(pk=agreement.pk).status == AgreementStatus.SUSPENDED


def test_post_without_reason_shows_the_form_again(coordinator_client, make_agreement):
    agreement = make_agreement(status="active")
    response = coordinator_client.post(url("status", agreement.pk, "end"), {"reason": ""})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert PartnerAgreement.objects.get(pk=agreement.pk).status == AgreementStatus.ACTIVE


def test_post_without_csrf_token_is_refused(coordinator, make_agreement):
    agreement = make_agreement(status="active")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(coordinator)
    response = strict.post(url("status", agreement.pk, "end"), {"reason": "x"})
    assert response.status_code == 403
    assert PartnerAgreement.objects.get(pk=agreement.pk).status == AgreementStatus.ACTIVE


@pytest.mark.parametrize("role", ["auditor", "partner_staff", "editor", "professional"])
def test_only_coordinators_confirm_or_end(client, make_user, make_agreement, role):
    agreement = make_agreement(status="active")
    partner = agreement.partner if role == "partner_staff" else None
    client.force_login(make_user(role, partner=partner))
    assert denied(client.get(url("status", agreement.pk, "end")))
    assert denied(client.post(url("status", agreement.pk, "end"), {"reason": "x"}))
    assert PartnerAgreement.objects.get(pk=agreement.pk).status == AgreementStatus.ACTIVE


def test_illegal_transition_shows_a_translated_error(coordinator_client, make_agreement):
    ended = make_agreement(status="ended")
    expected = fi("An agreement that is %(status)s cannot be %(action)s.") % {
        "status": fi(AgreementStatus.ENDED.label).lower(),
        "action": fi("ended"),
    }
    assert "ei voi" in expected
    page = coordinator_client.get(url("status", ended.pk, "end"), follow=True)
    assert page.redirect_chain == [(url("inspect", ended.pk), 302)]
    assert [str(m) for m in page.context["messages"]] == [expected]
    posted = coordinator_client.post(url("status", ended.pk, "end"), {"reason": "x"}, follow=True)
    assert [str(m) for m in posted.context["messages"]] == [expected]
    assert ended.history.count() == PartnerAgreement.objects.get(pk=ended.pk).history.count()
