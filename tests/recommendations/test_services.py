"""The recommend service: validation, language, plain language, counters, permissions."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from wagtail_hyte.recommendations import services
from wagtail_hyte.recommendations.models import Delivery, RecommendationCount

from .conftest import EMAIL, PHONE, PHONE_E164, url_in


def _errors(exc_info):
    return exc_info.value.message_dict


@pytest.fixture
def activity(make_activity):
    return make_activity(
        "Kävelyryhmä",
        summary="Ohjattu kävely puistossa kerran viikossa.",
        plain_summary="Kävelemme yhdessä. Se on ilmaista.",
    )


def test_phone_validation_messages(professional, activity):
    cases = {
        "": "Enter the client's mobile number for a text message.",
        "abc": "Enter a phone number, e.g. 040 123 4567 or +358 40 123 4567.",
        "040 12": "This phone number is not valid. Check the number and the country code.",
        "09 310 1691": "This is not a mobile number: a text message needs a mobile number.",
    }
    for value, message in cases.items():
        with pytest.raises(ValidationError) as exc:
            services.recommend(
                user=professional, activities=[activity], channel="sms", language="en", phone=value
            )
        assert _errors(exc) == {"phone": [message]}, value
    assert services.clean_phone(PHONE) == PHONE_E164
    assert services.clean_phone("+46 70 123 45 67") == "+46701234567"
    assert not Delivery.objects.exists()
    assert not RecommendationCount.objects.exists()


def test_email_validation_messages(professional, activity):
    for value, message in {
        "": "Enter the client's email address for an email.",
        "not-an-address": "Enter a valid email address, e.g. name@example.fi.",
        "a@b": "Enter a valid email address, e.g. name@example.fi.",
    }.items():
        with pytest.raises(ValidationError) as exc:
            services.recommend(
                user=professional,
                activities=[activity],
                channel="email",
                language="en",
                email=value,
            )
        assert _errors(exc) == {"email": [message]}
    assert mail.outbox == []


def test_request_validation(professional, activity, make_activity):
    with pytest.raises(ValidationError) as exc:
        services.recommend(user=professional, activities=[], channel="fax", language="de")
    assert set(_errors(exc)) == {"activities", "channel", "language"}
    ended = make_activity(status="ended")
    with pytest.raises(ValidationError) as exc:
        services.recommend(user=professional, activities=[ended], channel="print", language="fi")
    assert _errors(exc)["activities"] == ["An activity that has ended cannot be recommended."]


def test_too_many_activities(professional, make_activity, settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "RECOMMENDATION_MAX_ACTIVITIES": 2}
    pages = [make_activity() for _ in range(3)]
    with pytest.raises(ValidationError) as exc:
        services.recommend(user=professional, activities=pages, channel="print", language="fi")
    assert _errors(exc)["activities"] == ["Choose at most 2 activities."]


def test_sms_too_long_is_refused_with_advice(professional, make_activity, settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "SMS_MAX_SEGMENTS": 1}
    pages = [make_activity(f"Pitkä nimi toiminnalle numero {n}") for n in range(4)]
    with pytest.raises(ValidationError) as exc:
        services.recommend(
            user=professional, activities=pages, channel="sms", language="fi", phone=PHONE
        )
    assert "at most 1 are allowed" in _errors(exc)["activities"][0]
    assert not Delivery.objects.exists()


@pytest.mark.parametrize("role", [None, "editor", "partner_staff", "coordinator", "auditor"])
def test_only_professionals_may_recommend(make_user, activity, role):
    user = make_user(role)
    with pytest.raises(PermissionDenied):
        services.recommend(user=user, activities=[activity], channel="print", language="fi")
    assert not RecommendationCount.objects.exists()


def test_superuser_may_recommend(make_user, activity):
    result = services.recommend(
        user=make_user("superuser"), activities=[activity], channel="print", language="fi"
    )
    assert result.status == "ready"


@pytest.mark.parametrize(
    ("language", "greeting", "label"),
    [("fi", "Hei!", "Milloin"), ("sv", "Hej!", "När"), ("en", "Hello,", "When")],
)
def test_email_language(professional, activity, language, greeting, label):
    services.recommend(
        user=professional, activities=[activity], channel="email", language=language, email=EMAIL
    )
    message = mail.outbox[-1]
    assert message.body.startswith(greeting)
    html = message.alternatives[0][0]
    assert f'lang="{language}"' in html
    assert label in html


def test_plain_language_uses_plain_summary(professional, activity, make_activity):
    no_plain = make_activity("Kuoro", summary="Kuoro laulaa.")
    services.recommend(
        user=professional,
        activities=[activity, no_plain],
        channel="email",
        language="fi",
        plain=True,
        email=EMAIL,
    )
    body = mail.outbox[-1].body
    assert "Kävelemme yhdessä. Se on ilmaista." in body
    assert "Ohjattu kävely puistossa" not in body
    assert "Kuoro laulaa." in body  # falls back to the summary
    services.recommend(
        user=professional, activities=[activity], channel="email", language="fi", email=EMAIL
    )
    assert "Ohjattu kävely puistossa kerran viikossa." in mail.outbox[-1].body


def test_email_content_and_sender(professional, activity, settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "FROM_EMAIL": "suositus@example.fi"}
    result = services.recommend(
        user=professional, activities=[activity], channel="email", language="fi", email=EMAIL
    )
    assert result.status == "sent"
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert message.from_email == "suositus@example.fi"
    assert message.subject == "Suositus: toimintaa sinulle"
    url = url_in(activity)
    assert url in message.body
    assert "Tiina Terveys" in message.body
    assert "Keski-Suomen hyvinvointialue (demo)" in message.body
    assert "Pääkirjasto, sali 2, Vapaudenkatu 39, 40100 Jyväskylä" in message.body
    assert "tiistai 10.00–11.30" in message.body
    html = message.alternatives[0][0]
    assert f'href="{url}"' in html


def test_counters(professional, activity, make_activity, settings):
    other = make_activity()
    for channel, extra in (("print", {}), ("email", {"email": EMAIL}), ("email", {"email": EMAIL})):
        services.recommend(
            user=professional,
            activities=[activity, other],
            channel=channel,
            language="fi",
            **extra,
        )
    rows = {(r.activity_id, r.channel): r for r in RecommendationCount.objects.all()}
    assert rows[(activity.pk, "email")].count == 2
    assert rows[(other.pk, "print")].count == 1
    row = rows[(activity.pk, "email")]
    assert row.organisation == "Keski-Suomen hyvinvointialue (demo)"
    assert row.referral_offered is False
    assert {f.name for f in RecommendationCount._meta.get_fields()} == {
        "id",
        "date",
        "activity",
        "channel",
        "referral_offered",
        "organisation",
        "count",
    }


def test_organisation_setting(professional, activity, settings):
    settings.WAGTAIL_HYTE = {
        **settings.WAGTAIL_HYTE,
        "PROFESSIONAL_ORGANISATION": "tests.recommendations.test_services.organisation_by_name",
    }
    services.recommend(user=professional, activities=[activity], channel="print", language="fi")
    assert RecommendationCount.objects.get().organisation == "Terveysasema Tiina"


def organisation_by_name(user):
    return f"Terveysasema {user.first_name}"


def test_translated_activity_page_is_used_for_its_language(professional, activity, settings):
    from wagtail.models import Locale

    settings.WAGTAIL_I18N_ENABLED = True
    swedish = Locale.objects.create(language_code="sv")
    translated = activity.copy_for_translation(swedish, copy_parents=True, alias=False)
    translated.title = "Promenadgrupp"
    translated.summary = "Ledd promenad i parken."
    translated.save_revision().publish()
    services.recommend(
        user=professional, activities=[activity], channel="email", language="sv", email=EMAIL
    )
    body = mail.outbox[-1].body
    assert "Promenadgrupp" in body and "Ledd promenad i parken." in body
    assert url_in(translated.specific, "sv") in body
    services.recommend(
        user=professional, activities=[activity], channel="email", language="en", email=EMAIL
    )
    assert "Kävelyryhmä" in mail.outbox[-1].body  # no English translation: the original


def test_unserved_translation_falls_back_to_the_original(professional, activity):
    from wagtail.models import Locale

    translated = activity.copy_for_translation(
        Locale.objects.create(language_code="sv"), copy_parents=True, alias=False
    )
    translated.title = "Promenadgrupp"
    translated.save_revision().publish()
    services.recommend(
        user=professional, activities=[activity], channel="email", language="sv", email=EMAIL
    )
    assert "Kävelyryhmä" in mail.outbox[-1].body
    assert url_in(activity, "sv") in mail.outbox[-1].body
