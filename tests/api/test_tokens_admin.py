"""HYTE → API tokens: who may open which screen, the create form showing the
secret once, and revoking with a confirmation."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.helpers import submitted_fields
from tests.referrals.dump import dump_database
from wagtail_hyte.api import tokens
from wagtail_hyte.api.models import ApiToken
from wagtail_hyte.core.periods import local_date
from wagtail_hyte.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

INDEX = reverse("hyte_api_tokens:index")
RESULTS = reverse("hyte_api_tokens:index_results")
ADD = reverse("hyte_api_tokens:add")
SECRET = re.compile(r"hyte_[A-Za-z0-9_-]{43}")


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator", first_name="Kaija", last_name="Koordinaattori")


@pytest.fixture
def professional(make_user):
    return make_user("professional", first_name="Pekka", last_name="Potilastyö")


@pytest.fixture
def token(coordinator, professional):
    return tokens.create_token(
        name="Potilastietojärjestelmä X",
        user=professional,
        scopes=["referrals:read"],
        expires_on=local_date() + timedelta(days=30),
        created_by=coordinator,
    ).token


@pytest.fixture
def user_in(make_user, make_partner):
    def make(role):
        if role == "partner_staff":
            return make_user(role, partner=make_partner())
        return make_user(role)

    return make


def revoke_url(token):
    return reverse("hyte_api_tokens:revoke", args=[token.pk])


def valid_data(user, **overrides):
    return {
        "name": "Asiakastietojärjestelmä Y",
        "user": str(user.pk),
        "scopes": ["referrals:read", "referrals:write"],
        "expires_on": (local_date() + timedelta(days=90)).isoformat(),
        **overrides,
    }


def open_form(client):
    """GET the form; the one-time form id it was shown with, as the browser sends it."""
    response = client.get(ADD)
    assert response.status_code == 200
    return {"form_id": submitted_fields(response.content.decode())["form_id"][0]}


# -- who may do what -----------------------------------------------------------


def refused(response) -> bool:
    """The admin's "permission denied": a 403, or Wagtail's redirect to the
    dashboard with its message (never the login page, never the screen)."""
    if response.status_code == 302:
        return response["Location"] == reverse("wagtailadmin_home")
    return response.status_code == 403


def test_anonymous_is_sent_to_login(client, token):
    for url in (INDEX, RESULTS, ADD, revoke_url(token)):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    assert client.post(revoke_url(token)).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("role", ["professional", "partner_staff", "editor"])
def test_other_roles_are_refused(client, user_in, token, role):
    client.force_login(user_in(role))
    for url in (INDEX, RESULTS, ADD, revoke_url(token)):
        assert refused(client.get(url)), url
    assert refused(client.post(ADD, valid_data(token.user)))
    assert refused(client.post(revoke_url(token)))
    assert ApiToken.objects.count() == 1
    token.refresh_from_db()
    assert token.revoked_at is None
    assert INDEX not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_auditors_read_the_list_only(client, make_user, token):
    client.force_login(make_user("auditor"))
    page = client.get(INDEX)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Potilastietojärjestelmä X" in html
    assert ADD not in html and revoke_url(token) not in html
    assert client.get(RESULTS).status_code == 200
    assert refused(client.get(ADD))
    assert refused(client.post(ADD, valid_data(token.user)))
    assert refused(client.get(revoke_url(token)))
    assert refused(client.post(revoke_url(token)))
    token.refresh_from_db()
    assert token.revoked_at is None
    assert INDEX in client.get(reverse("wagtailadmin_home")).content.decode()


def test_coordinators_see_the_list_with_its_actions(client, coordinator, token, english):
    client.force_login(coordinator)
    html = client.get(INDEX).content.decode()
    for text in (
        "Potilastietojärjestelmä X",
        "Pekka Potilastyö",
        "Read referrals (no personal data)",
        token.display_prefix,
        "Never",
        "Active",
        ADD,
        revoke_url(token),
    ):
        assert text in html, text
    assert token.digest not in html
    assert INDEX in client.get(reverse("wagtailadmin_home")).content.decode()


def test_an_unknown_token_is_404_for_a_coordinator_and_refused_for_others(
    client, coordinator, user_in
):
    missing = reverse("hyte_api_tokens:revoke", args=[999999])
    client.force_login(user_in("professional"))
    assert refused(client.get(missing))
    client.force_login(coordinator)
    assert client.get(missing).status_code == 404


# -- creating ------------------------------------------------------------------


def test_a_coordinator_creates_a_token_and_sees_its_secret_once(
    client, coordinator, professional, english
):
    client.force_login(coordinator)
    data = {**open_form(client), **valid_data(professional)}
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    shown = SECRET.findall(html)
    assert len(set(shown)) == 1
    secret = shown[0]
    token = ApiToken.objects.get()
    assert token.name == "Asiakastietojärjestelmä Y" and token.user == professional
    assert token.scope_set == {"referrals:read", "referrals:write"}
    assert token.digest == tokens.token_digest(secret)
    assert tokens.authenticate(secret) == token
    assert "shown only this once" in html
    # Never again: not in the list, nowhere in the database (sessions included).
    assert secret not in client.get(INDEX).content.decode()
    assert secret[5:].lower() not in dump_database()
    entry = LedgerEntry.objects.get(kind="api_token.created")
    assert entry.actor == f"user:{coordinator.pk}"
    assert secret not in entry.payload and token.digest not in entry.payload


def test_sending_the_form_again_makes_no_second_token(client, coordinator, professional):
    client.force_login(coordinator)
    data = {**open_form(client), **valid_data(professional)}
    assert client.post(ADD, data).status_code == 200
    again = client.post(ADD, data)  # the browser's "reload" of the secret page
    assert again.status_code == 302 and again["Location"] == INDEX
    assert not SECRET.search(client.get(INDEX).content.decode())
    assert ApiToken.objects.count() == 1
    assert LedgerEntry.objects.filter(kind="api_token.created").count() == 1


def test_a_post_without_a_form_shown_makes_no_token(client, coordinator, professional):
    client.force_login(coordinator)
    response = client.post(ADD, {**valid_data(professional), "form_id": "made-up"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_the_form_offers_only_active_staff(client, coordinator, professional, make_user):
    inactive = make_user("professional", is_active=False)
    outsider = make_user()
    superuser = make_user("superuser")
    client.force_login(coordinator)
    html = client.get(ADD).content.decode()
    assert f'value="{professional.pk}"' in html
    for user in (inactive, outsider, superuser):
        assert f'value="{user.pk}"' not in html
    data = {**open_form(client), **valid_data(superuser)}
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "user" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_a_wrong_expiry_is_shown_on_the_form(client, coordinator, professional, settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "API_TOKEN_MAX_DAYS": 30}
    client.force_login(coordinator)
    form = open_form(client)
    too_late = (local_date() + timedelta(days=31)).isoformat()
    response = client.post(ADD, {**form, **valid_data(professional, expires_on=too_late)})
    assert response.status_code == 200
    assert "expires_on" in response.context["form"].errors
    assert not SECRET.search(response.content.decode())
    assert not ApiToken.objects.exists()
    # The same form, corrected, still works (its id stays open after an error).
    fixed = (local_date() + timedelta(days=30)).isoformat()
    response = client.post(ADD, {**form, **valid_data(professional, expires_on=fixed)})
    assert SECRET.search(response.content.decode())


def test_unknown_scopes_and_missing_fields_are_refused(client, coordinator, professional):
    client.force_login(coordinator)
    form = open_form(client)
    response = client.post(ADD, {**form, **valid_data(professional, scopes=["everything"])})
    assert "scopes" in response.context["form"].errors
    response = client.post(ADD, {**form, "name": "", "user": "", "expires_on": ""})
    assert {"name", "user", "scopes", "expires_on"} <= set(response.context["form"].errors)
    assert not ApiToken.objects.exists()


# -- revoking ------------------------------------------------------------------


def test_a_coordinator_revokes_after_confirming(client, coordinator, token, english):
    client.force_login(coordinator)
    confirm = client.get(revoke_url(token))
    assert confirm.status_code == 200
    assert "Potilastietojärjestelmä X" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # GET changes nothing
    response = client.post(revoke_url(token))
    assert response.status_code == 302 and response["Location"] == INDEX
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == coordinator
    entry = LedgerEntry.objects.get(kind="api_token.revoked")
    assert entry.actor == f"user:{coordinator.pk}"
    html = client.get(INDEX).content.decode()
    assert "Revoked" in html and revoke_url(token) not in html


def test_a_revoked_token_is_not_revoked_twice(client, coordinator, token):
    client.force_login(coordinator)
    client.post(revoke_url(token))
    assert client.get(revoke_url(token)).status_code == 302
    assert client.post(revoke_url(token)).status_code == 302
    assert LedgerEntry.objects.filter(kind="api_token.revoked").count() == 1


def test_the_group_editor_shows_the_token_permissions():
    from wagtail_hyte.core.wagtail_hooks import hyte_custom_permissions

    codenames = set(hyte_custom_permissions().values_list("codename", flat=True))
    assert {"view_apitoken", "manage_apitoken"} <= codenames
