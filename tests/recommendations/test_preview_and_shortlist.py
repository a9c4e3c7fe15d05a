"""Preview before sending (nothing sent, counted or saved), the channel's fields,
and a short list that counts, says what happened and empties after sending."""

import pytest
from django.core import mail
from django.urls import reverse

from wagtail_hyte.recommendations import services
from wagtail_hyte.recommendations.models import Delivery, RecommendationCount
from wagtail_hyte.recommendations.shortlist import SESSION_KEY

from .conftest import EMAIL, PHONE

pytestmark = pytest.mark.django_db
URL = "hyte_recommend:recommend"


@pytest.fixture
def activity(make_activity):
    return make_activity("Kävelyryhmä", summary="Ohjattu kävely puistossa.")


def post(client, activity, **data):
    values = {"activities": [activity.pk], "channel": "sms", "language": "fi", **data}
    return client.post(reverse(URL), values)


def nothing_written():
    return (
        not Delivery.objects.exists()
        and not RecommendationCount.objects.exists()
        and not mail.outbox
    )


def test_the_sms_preview_shows_the_message_and_sends_nothing(pro_client, professional, activity):
    response = post(pro_client, activity, phone=PHONE, preview="1")
    assert response.status_code == 200
    html = response.content.decode()
    expected = services.preview(
        user=professional, activities=[activity], channel="sms", language="fi"
    )
    assert expected["text"] and expected["segments"] >= 1
    assert "Kävelyryhmä" in expected["text"]
    section = html.split('aria-labelledby="hyte-preview-heading"', 1)[1]
    assert "Preview: nothing has been sent" in section
    assert 'value="040 765 4321"' in html  # the typed number stays in the form only
    assert nothing_written()


def test_the_email_preview_shows_subject_and_text(pro_client, professional, activity):
    html = post(pro_client, activity, channel="email", email=EMAIL, preview="1").content.decode()
    expected = services.preview(
        user=professional, activities=[activity], channel="email", language="fi"
    )
    assert expected["subject"] in html
    assert nothing_written()


def test_a_preview_with_bad_choices_shows_the_services_errors(pro_client, activity):
    html = post(pro_client, activity, language="xx", preview="1").content.decode()
    assert "hyte-preview-heading" not in html
    assert nothing_written()


def test_the_recipient_fields_belong_to_their_channel(pro_client, activity):
    html = pro_client.get(reverse(URL) + f"?activity={activity.pk}").content.decode()
    assert 'data-hyte-channel="sms"' in html and 'data-hyte-channel="email"' in html
    assert "wagtail_hyte/recommendations/recommend.js" in html


def test_adding_says_how_many_are_on_the_list(pro_client, activity, make_activity):
    other = make_activity("Uinti")
    add = "hyte_recommend:shortlist_add"
    pro_client.post(reverse(add, args=[activity.pk]))
    response = pro_client.post(reverse(add, args=[other.pk]), follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert "Added to the short list: 2 activities on it." in texts


def test_sending_takes_the_activities_off_the_short_list(pro_client, activity, make_activity):
    other = make_activity("Uinti")
    for pk in (activity.pk, other.pk):
        pro_client.post(reverse("hyte_recommend:shortlist_add", args=[pk]))
    response = post(pro_client, activity, channel="email", email=EMAIL, activities=[activity.pk])
    assert response.status_code == 302
    assert pro_client.session[SESSION_KEY] == [other.pk]
    assert len(mail.outbox) == 1
