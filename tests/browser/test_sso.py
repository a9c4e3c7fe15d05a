"""Single sign-on in a browser: "Sign in with <organisation>" on the admin
sign-in page, the provider's own page (a real OpenID Connect provider on
127.0.0.1, tests/accounts/oidc_provider.py), and back in the admin with the
role the provider gave. The sign-in page with the button, and without the
password form, meets WCAG 2.1 AA (axe-core) at 1280 and 390 px."""

import re
from datetime import timedelta

import pytest

from tests.accounts.oidc_provider import new_subject, provider_fixture, sso_fixture  # noqa: F401

BUTTON = re.compile(r"Hyvinvointialue")


@pytest.fixture
def sso_live(transactional_db, sso):
    return sso


def open_login(new_page, live_server, width):
    page = new_page(viewport={"width": width, "height": 900})
    # The provider's page styles itself from a CDN: not needed, not reachable.
    page.route(re.compile(r"^https://cdn\.jsdelivr\.net/"), lambda route: route.abort())
    page.goto(f"{live_server.url}/admin/login/?next=/admin/account/")
    return page


@pytest.mark.parametrize("width", [1280, 390])
def test_sign_in_with_the_organisation(new_page, live_server, axe, sso_live, provider, width):
    from wagtail_hyte.accounts.models import ExternalIdentity
    from wagtail_hyte.core.roles import GROUP_NAMES

    sub = new_subject("browser")
    provider.set_user(
        sub, {"given_name": "Kaija", "family_name": "Koordinaattori", "roles": ["hyte-coordinator"]}
    )
    page = open_login(new_page, live_server, width)
    button = page.get_by_role("link", name=BUTTON)
    assert button.is_visible()
    assert page.locator("#id_password").is_visible()
    axe(page)

    # Keyboard: the button is reachable and opens the provider's page.
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{provider.issuer}/oauth2/authorize?**")
    page.fill("#subject-input", sub)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(f"{live_server.url}/admin/account/")

    user = ExternalIdentity.objects.get(issuer=provider.issuer, subject=sub).user
    assert user.groups.filter(name=GROUP_NAMES["coordinator"]).exists()
    # Signed in as the new account: its names came from the claims.
    assert page.locator("input[name$='first_name']").input_value() == "Kaija"
    assert page.locator("input[name$='last_name']").input_value() == "Koordinaattori"


@pytest.mark.parametrize("width", [1280, 390])
def test_sign_in_page_without_passwords(new_page, live_server, axe, sso_live, width):
    sso_live.configure(PASSWORD_LOGIN=False)
    page = open_login(new_page, live_server, width)
    assert page.get_by_role("link", name=BUTTON).is_visible()
    assert page.locator("#id_password").count() == 0
    axe(page)


def test_no_role_is_told_plainly(new_page, live_server, sso_live, provider):
    sub = new_subject("browser")
    provider.set_user(sub, {"roles": ["unknown"]})
    page = open_login(new_page, live_server, 1280)
    page.get_by_role("link", name=BUTTON).click()
    page.wait_for_url(f"{provider.issuer}/oauth2/authorize?**")
    page.fill("#subject-input", sub)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/login/"))
    assert page.locator(".messages .error").count() == 1


def sign_in_through_the_provider(page, live_server, provider, sub):
    page.goto(f"{live_server.url}/admin/login/?next=/admin/account/")
    page.get_by_role("link", name=BUTTON).click()
    page.wait_for_url(f"{provider.issuer}/oauth2/authorize?**")
    page.fill("#subject-input", sub)
    page.get_by_role("button", name="Authorize", exact=True).click()


def test_a_role_removed_at_the_provider_is_gone_at_the_next_sign_in(
    new_page, live_server, sso_live, provider
):
    from wagtail_hyte.accounts.models import ExternalIdentity
    from wagtail_hyte.core.roles import GROUP_NAMES

    sub = new_subject("browser")
    provider.set_user(sub, {"roles": ["hyte-coordinator", "hyte-auditor"]})
    page = open_login(new_page, live_server, 1280)
    sign_in_through_the_provider(page, live_server, provider, sub)
    page.wait_for_url(f"{live_server.url}/admin/account/")
    user = ExternalIdentity.objects.get(issuer=provider.issuer, subject=sub).user
    assert set(user.groups.values_list("name", flat=True)) == {
        GROUP_NAMES["coordinator"],
        GROUP_NAMES["auditor"],
    }

    page.context.clear_cookies()  # a new browser session: the next sign-in
    provider.set_user(sub, {"roles": ["hyte-auditor"]})
    sign_in_through_the_provider(page, live_server, provider, sub)
    page.wait_for_url(f"{live_server.url}/admin/account/")
    assert set(user.groups.values_list("name", flat=True)) == {GROUP_NAMES["auditor"]}


@pytest.mark.parametrize("problem", ["issuer", "audience", "expired"])
def test_a_token_that_fails_its_checks_signs_nobody_in(
    new_page, live_server, sso_live, provider, problem
):
    from django.contrib.auth import get_user_model

    from tests.accounts.oidc_provider import make_provider

    sub = new_subject("browser")
    if problem == "issuer":
        provider.harness.issuer_host["token"] = "issuer.invalid"
    elif problem == "audience":
        sso_live.configure(AUDIENCE="someone-else")
    page = open_login(new_page, live_server, 1280)
    if problem == "expired":
        # Tokens that expired two minutes before they were issued (beyond the
        # default 60 s of clock skew).
        with make_provider(access_token_max_age=timedelta(seconds=-120)) as expired:
            sso_live.use(expired)
            expired.set_user(sub, {"roles": ["hyte-coordinator"]})
            sign_in_through_the_provider(page, live_server, expired, sub)
            page.wait_for_url(re.compile(r"/admin/login/"))
    else:
        provider.set_user(sub, {"roles": ["hyte-coordinator"]})
        sign_in_through_the_provider(page, live_server, provider, sub)
        page.wait_for_url(re.compile(r"/admin/login/"))
    assert page.locator(".messages .error").count() == 1
    assert not get_user_model().objects.filter(username__startswith="sso-").exists()
    page.goto(f"{live_server.url}/admin/")
    assert "/admin/login/" in page.url
