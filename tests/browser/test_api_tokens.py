"""HYTE → API tokens meets WCAG 2.1 AA (axe-core) at 1280 and 390 px: the
list, the form, the page with the new secret and the revoke confirmation, in
one coordinator's journey through them."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

SECRET = re.compile(r"^hyte_[A-Za-z0-9_-]{43}$")


@pytest.fixture
def coordinator(transactional_db, home_page, make_user):
    return make_user("coordinator", first_name="Kaija", last_name="Koordinaattori")


@pytest.fixture
def professional(make_user):
    return make_user("professional", first_name="Pekka", last_name="Potilastyö")


@pytest.fixture
def existing(coordinator, professional):
    """A token already in use, so the list has a row from the start."""
    from wagtail_hyte.api import tokens
    from wagtail_hyte.core.periods import local_date

    return tokens.create_token(
        name="Potilastietojärjestelmä X",
        user=professional,
        scopes=["referrals:read"],
        expires_on=local_date() + timedelta(days=30),
        created_by=coordinator,
    ).token


@pytest.mark.parametrize("width", [1280, 390])
def test_create_show_once_and_revoke(
    new_page, live_server, login, axe, coordinator, professional, existing, width
):
    from wagtail_hyte.api.models import ApiToken
    from wagtail_hyte.core.periods import local_date

    page = new_page(viewport={"width": width, "height": 900})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    login(page, live_server, coordinator)

    # The list.
    response = page.goto(f"{live_server.url}{reverse('hyte_api_tokens:index')}")
    assert response.status == 200
    assert page.get_by_role("cell", name="Potilastietojärjestelmä X", exact=True).is_visible()
    axe(page)

    # The form.
    page.locator(f"a[href='{reverse('hyte_api_tokens:add')}']").first.click()
    page.wait_for_url(f"**{reverse('hyte_api_tokens:add')}")
    axe(page)
    page.fill("#id_name", "Asiakastietojärjestelmä Y")
    page.select_option("#id_user", str(professional.pk))
    page.check("input[name='scopes'][value='referrals:read']")
    page.check("input[name='scopes'][value='referrals:write']")
    page.fill("#id_expires_on", (local_date() + timedelta(days=60)).isoformat())
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()

    # The secret, once.
    secret_field = page.locator("#hyte-token-secret")
    secret = secret_field.input_value()
    assert SECRET.match(secret)
    created = ApiToken.objects.get(name="Asiakastietojärjestelmä Y")
    from wagtail_hyte.api.tokens import token_digest

    assert created.digest == token_digest(secret)
    axe(page)
    page.locator("button[data-action='w-clipboard#copy']").click()
    page.locator("[data-w-clone-target='container'] span").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == secret

    # Back on the list the secret is gone; revoke the new token.
    page.locator(f"a[href='{reverse('hyte_api_tokens:index')}'].button").click()
    page.wait_for_url(f"**{reverse('hyte_api_tokens:index')}")
    assert secret not in page.content()
    revoke = reverse("hyte_api_tokens:revoke", args=[created.pk])
    page.locator(f"a[href='{revoke}']").click()
    page.wait_for_url(f"**{revoke}")
    axe(page)
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    created.refresh_from_db()
    assert created.revoked_at is not None
    assert page.locator(f"a[href='{revoke}']").count() == 0
    axe(page)  # the list with a revoked token and the success message
