"""The whole referral journey in headless Chromium, by keyboard, with axe on every page."""

from datetime import timedelta

from django.urls import reverse

from wagtail_hyte.ledger.models import ConsentNotice
from wagtail_hyte.referrals.models import Referral


def type_into(page, selector, text):
    page.focus(selector)
    page.keyboard.type(text)


def submit_with(page, selector):
    page.focus(selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def action(name, referral):
    return reverse(f"hyte_referrals:{name}", args=[referral.pk])


def test_referral_journey_by_keyboard(page, live_server, journey, login, axe):
    activity = journey["activity"]
    new_url = reverse("hyte_referrals:new", args=[activity.pk])

    # The professional finds the activity in the catalogue and starts a referral.
    login(page, live_server, journey["professional"])
    page.goto(f"{live_server.url}{journey['index'].url}")
    axe(page)
    submit_with(page, f'a[href="{activity.url}"]')
    axe(page)
    submit_with(page, f'a[href="{new_url}"]')
    axe(page)
    type_into(page, "#id_name", "Selma Selainkoe")
    type_into(page, "#id_phone", "040 123 9876")
    type_into(page, "#id_email", "selma.selain@example.invalid")
    page.select_option("#id_contact_method", "phone")
    type_into(page, "#id_contact_time", "aamupäivisin")
    page.select_option("#id_language", "fi")
    submit_with(page, "#id_name")  # Enter in a text field submits the step
    assert page.locator('input[name="step"][value="consent"]').count() == 1
    axe(page)
    page.focus('input[name="collection_method"][value="verbal"]')
    page.keyboard.press("Space")
    page.focus("#id_confirmed")
    page.keyboard.press("Space")
    submit_with(page, "#hyte-send")
    assert Referral.objects.exists(), page.locator("main").inner_text()
    referral = Referral.objects.get()
    assert page.url.endswith(reverse("hyte_referrals:receipt", args=[referral.pk]))
    assert page.get_by_text("Selma Selainkoe").is_visible()
    axe(page)

    # The partner reveals the contact details, accepts, and reports the outcome.
    page.context.clear_cookies()
    login(page, live_server, journey["staff"])
    page.goto(f"{live_server.url}{reverse('hyte_referrals:inbox')}")
    axe(page)
    detail = reverse("hyte_referrals:inbox_detail", args=[referral.pk])
    submit_with(page, f'a[href="{detail}"]')
    assert page.get_by_text("Selma Selainkoe").count() == 0
    axe(page)
    submit_with(page, f'form[action="{action("reveal", referral)}"] button')
    assert page.get_by_text("Selma Selainkoe").is_visible()
    axe(page)
    submit_with(page, f'form[action="{action("accept", referral)}"] button')
    axe(page)
    page.focus('input[name="outcome"][value="cancelled"]')
    page.keyboard.press("Space")
    page.select_option("#id_reason", "not_reached")
    submit_with(page, f'form[action="{action("outcome", referral)}"] button')
    referral.refresh_from_db()
    assert referral.status == "cancelled" and referral.cancellation_reason == "not_reached"
    axe(page)

    # The professional sees the outcome.
    page.context.clear_cookies()
    login(page, live_server, journey["professional"])
    page.goto(f"{live_server.url}{reverse('hyte_referrals:mine')}")
    assert page.get_by_text(referral.get_cancellation_reason_display()).is_visible()
    axe(page)


def test_other_referral_pages_have_no_axe_violations(
    page, live_server, journey, make_user, login, axe
):
    from django.utils import timezone

    from wagtail_hyte.referrals import services

    notice = ConsentNotice.objects.get(key="referral", language="fi")
    late = services.create_referral(
        activity=journey["activity"],
        professional=journey["professional"],
        details={"name": "Myöhä Asiakas", "phone": "040 555 0101"},
        notice=notice,
        collection_method="verbal",
        at=timezone.now() - timedelta(days=9),
    )
    assert late.overdue

    login(page, live_server, journey["staff"])
    page.goto(f"{live_server.url}{reverse('hyte_referrals:inbox')}")
    assert page.locator(".hyte-overdue-row").count() == 1
    axe(page)
    page.goto(f"{live_server.url}{reverse('hyte_referrals:figures')}")
    axe(page)

    page.context.clear_cookies()
    login(page, live_server, journey["professional"])
    page.goto(f"{live_server.url}{reverse('hyte_referrals:new', args=[journey['activity'].pk])}")
    type_into(page, "#id_name", "Virhe")
    type_into(page, "#id_phone", "123")
    submit_with(page, "#id_name")
    assert page.locator('input[name="step"][value="details"]').count() == 1
    assert (
        not Referral.objects.filter(professional=journey["professional"])
        .exclude(pk=late.pk)
        .exists()
    )
    axe(page)
    page.goto(f"{live_server.url}{reverse('hyte_referrals:withdraw', args=[late.pk])}")
    axe(page)
    page.focus('input[name="method"][value="verbal"]')
    page.keyboard.press("Space")
    submit_with(page, 'main button[type="submit"]')
    late.refresh_from_db()
    assert late.status == "withdrawn"
    axe(page)
    page.goto(f"{live_server.url}{reverse('hyte_referrals:receipt', args=[late.pk])}")
    axe(page)

    page.context.clear_cookies()
    login(page, live_server, make_user("coordinator"))
    page.goto(f"{live_server.url}{reverse('hyte_referrals:figures')}")
    assert page.get_by_text("Polku ry").is_visible()
    axe(page)
