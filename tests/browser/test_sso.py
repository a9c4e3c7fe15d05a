"""Single sign-on in a browser: "Sign in with <organisation>" on the admin
sign-in page, the provider's own page (a real OpenID Connect provider on
127.0.0.1, tests/accounts/oidc_provider.py), and back in the admin with the
role the provider gave. The sign-in page with the button, and without the
password form, meets WCAG 2.1 AA (axe-core) at 1280 and 390 px."""

import re

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
