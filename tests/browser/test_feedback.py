"""The public client feedback form and its thank-you page meet WCAG 2.1 AA
(axe-core in Chromium) on a wide screen and on a phone, answered by keyboard."""

import secrets
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wagtail_hyte.core.periods import local_date

WIDTHS = [1280, 390]


@pytest.fixture
def feedback_link(journey):
    from wagtail_hyte.referrals.feedback import token_hash
    from wagtail_hyte.referrals.feedback_models import FeedbackInvitation

    activity = journey["activity"]
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    FeedbackInvitation.objects.create(
        token_hash=token_hash(token),
        partner=activity.organiser,
        activity=activity,
        month=local_date().replace(day=1),
        language="fi",
        expires_at=now + timedelta(days=30),
        created_at=now,
    )
    return reverse("hyte_feedback:form", kwargs={"token": token})


@pytest.mark.parametrize("width", WIDTHS)
def test_feedback_form_and_thanks_have_no_axe_violations(
    new_page, live_server, feedback_link, axe, width
):
    from wagtail_hyte.referrals.feedback_models import FeedbackAnswer, FeedbackInvitation

    page = new_page(viewport={"width": width, "height": 900})
    response = page.goto(f"{live_server.url}{feedback_link}")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "fi"
    assert page.locator("fieldset legend").count() == 3
    axe(page)

    # Sent without the required answers: the error summary takes the focus.
    with page.expect_navigation():
        page.locator("#hyte-feedback-send").click()
    summary = page.locator(".hyte-feedback__summary")
    assert summary.is_visible()
    assert page.evaluate(
        "() => document.activeElement.classList.contains('hyte-feedback__summary')"
    )
    axe(page)

    # Answered by keyboard.
    page.focus("#id_contacted_0")
    page.keyboard.press("Space")
    page.focus("#id_took_part_0")
    page.keyboard.press("Space")
    page.focus("#id_usefulness_3")
    page.keyboard.press("Space")
    page.focus("#id_comment")
    page.keyboard.type("Mukava ryhmä.")
    page.focus("#hyte-feedback-send")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/kiitos/fi/" in page.url
    assert page.locator("h1").count() == 1
    axe(page)
    answer = FeedbackAnswer.objects.get()
    assert (answer.contacted, answer.took_part, answer.usefulness) == ("yes", "yes", 4)
    assert not FeedbackInvitation.objects.exists()

    # The used link: the "not valid" page, also accessible.
    response = page.goto(f"{live_server.url}{feedback_link}")
    assert response.status == 404
    axe(page)
