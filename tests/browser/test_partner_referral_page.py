"""The partner staff's referral page in headless Chromium, at 1280 and 390 px, by
keyboard, with axe on every state: the number and the referrer, "Show contact
details" (post, redirect, get: shown once, gone on reload), accepting (shown
once more), and the outcome form whose reason appears only for "Cancelled"."""

import pytest
from django.urls import reverse

from wagtail_hyte.ledger.models import ConsentNotice, LedgerEntry

CLIENT_NAME = "Selma Sivukoe"


def make_referral(journey):
    from wagtail_hyte.referrals import services

    professional = journey["professional"]
    professional.first_name, professional.last_name = "Paula", "Lähettäjä"
    professional.email = "paula.lahettaja@hyvinvointialue.example"
    professional.save()
    return services.create_referral(
        activity=journey["activity"],
        professional=professional,
        details={
            "name": CLIENT_NAME,
            "phone": "040 555 0199",
            "contact_method": "sms",
            "language": "sv",
        },
        notice=ConsentNotice.objects.get(key="referral", language="fi"),
        collection_method="verbal",
    )


def reads():
    return LedgerEntry.objects.filter(kind="personal_data.read").count()


def press(page, selector, key="Enter"):
    page.focus(selector)
    with page.expect_navigation():
        page.keyboard.press(key)


def active_id(page):
    return page.evaluate("() => document.activeElement && document.activeElement.id")


@pytest.mark.parametrize("width", [1280, 390])
def test_partner_referral_page_by_keyboard(
    new_page,
    live_server,
    journey,
    login,
    axe,
    width,
):
    referral = make_referral(journey)
    page = new_page(viewport={"width": width, "height": 900})
    login(page, live_server, journey["staff"])
    detail = reverse("hyte_referrals:inbox_detail", args=[referral.pk])
    reveal = reverse("hyte_referrals:reveal", args=[referral.pk])
    accept = reverse("hyte_referrals:accept", args=[referral.pk])
    outcome = reverse("hyte_referrals:outcome", args=[referral.pk])

    page.goto(f"{live_server.url}{detail}")
    main = page.locator("main .nice-padding")  # the page's content, not Wagtail's header
    assert main.locator("strong", has_text=referral.short_reference).is_visible()
    assert main.get_by_role("heading", name=referral.short_reference).is_visible()
    assert main.get_by_text("Paula Lähettäjä").is_visible()
    assert main.get_by_role("link", name="paula.lahettaja@hyvinvointialue.example").is_visible()
    assert page.get_by_text(CLIENT_NAME).count() == 0
    assert not page.locator("#id_reason").is_visible()  # until "Cancelled" is chosen
    axe(page)

    # Show contact details: the POST redirects to the page, which shows them once.
    press(page, f'form[action="{reveal}"] button')
    assert page.url == f"{live_server.url}{detail}"
    assert page.get_by_text(CLIENT_NAME).is_visible()
    assert (
        page.locator("#hyte-contact-details").get_by_text("Tekstiviesti", exact=True).is_visible()
    )
    assert page.get_by_text("ruotsi", exact=True).is_visible()
    assert active_id(page) == "hyte-contact-details"  # focus lands on the details
    assert reads() == 1
    axe(page)

    page.reload()
    assert page.get_by_text(CLIENT_NAME).count() == 0
    assert reads() == 1
    axe(page)

    # Accepting shows them once more (one more recorded read).
    press(page, f'form[action="{accept}"] button')
    assert page.get_by_text(CLIENT_NAME).is_visible()
    assert reads() == 2
    referral.refresh_from_db()
    assert referral.status == "accepted"
    axe(page)

    # The reason appears when "Cancelled" is chosen, and goes with "Succeeded".
    succeeded = 'input[name="outcome"][value="succeeded"]'
    cancelled = 'input[name="outcome"][value="cancelled"]'
    page.focus(cancelled)
    page.keyboard.press("Space")
    assert page.locator("#id_reason").is_visible()
    page.keyboard.press("ArrowUp")  # arrow keys move within the radio group
    assert page.locator(succeeded).is_checked()
    assert not page.locator("#id_reason").is_visible()
    page.keyboard.press("ArrowDown")
    assert page.locator(cancelled).is_checked()
    assert page.locator("#id_reason").is_visible()
    page.keyboard.press("Tab")
    assert active_id(page) == "id_reason"
    axe(page)

    # Sent without a reason: the error summary takes the focus, the reason is shown.
    with page.expect_navigation():
        page.locator(f'form[action="{outcome}"] button[type="submit"]').press("Enter")
    assert page.locator(".hyte-error-summary").is_visible()
    assert page.evaluate("() => document.activeElement.classList.contains('hyte-error-summary')")
    assert page.locator("#id_reason").is_visible()
    axe(page)

    page.focus("#id_reason")
    page.select_option("#id_reason", "not_reached")
    press(page, f'form[action="{outcome}"] button[type="submit"]')
    referral.refresh_from_db()
    assert referral.status == "cancelled" and referral.cancellation_reason == "not_reached"
    assert page.get_by_text(CLIENT_NAME).count() == 0
    axe(page)
    assert reads() == 2


def test_without_javascript_the_reason_is_visible_with_its_hint(
    new_page,
    live_server,
    journey,
    login,
    axe,
):
    from django.conf import settings
    from django.utils import translation

    from wagtail_hyte.referrals.forms import OutcomeForm

    referral = make_referral(journey)
    page = new_page(java_script_enabled=False, viewport={"width": 390, "height": 900})
    login(page, live_server, journey["staff"])
    page.goto(f"{live_server.url}{reverse('hyte_referrals:inbox_detail', args=[referral.pk])}")
    assert page.locator("#id_reason").is_visible()
    with translation.override(settings.LANGUAGE_CODE):
        hint = str(OutcomeForm().fields["reason"].help_text)
    assert page.get_by_text(hint).is_visible()
    press(page, f'form[action="{reverse("hyte_referrals:reveal", args=[referral.pk])}"] button')
    assert page.get_by_text(CLIENT_NAME).is_visible()
    assert reads() == 1


@pytest.mark.parametrize("width", [1280, 390])
def test_logging_contact_attempts_by_keyboard(new_page, live_server, journey, login, axe, width):
    """ "Called three times, no answer": logged by keyboard, listed, then the
    referral is cancelled as not reached; axe on every state."""
    from wagtail_hyte.referrals.models import ContactAttempt

    referral = make_referral(journey)
    page = new_page(viewport={"width": width, "height": 900})
    login(page, live_server, journey["staff"])
    detail = reverse("hyte_referrals:inbox_detail", args=[referral.pk])
    attempt = reverse("hyte_referrals:contact_attempt", args=[referral.pk])
    page.goto(f"{live_server.url}{detail}")
    axe(page)
    form = f'form[action="{attempt}"]'
    for _n in range(3):
        page.select_option(f"{form} #id_method", "phone")
        page.focus(f'{form} input[name="result"][value="no_answer"]')
        page.keyboard.press("Space")
        press(page, f"{form} button")
        assert page.url == f"{live_server.url}{detail}"
    assert ContactAttempt.objects.filter(referral=referral).count() == 3
    rows = page.locator('section[aria-labelledby="hyte-attempts-heading"] tbody tr')
    assert rows.count() == 3
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
