"""The partner staff's referral page: the number and the referrer shown, contact
details revealed by post/redirect/get (one ledgered read per showing, none on a
reload), accepting shows them once, codes in words, another partner's referral
"not found" at every URL."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from wagtail_hyte.core.models import StaffProfile
from wagtail_hyte.ledger.models import LedgerEntry
from wagtail_hyte.referrals import services
from wagtail_hyte.referrals.forms import OutcomeForm
from wagtail_hyte.referrals.models import Referral
from wagtail_hyte.referrals.views import partner

from .conftest import CLIENT, CLIENT_NEEDLES

PHONE = "+358407654321"  # CLIENT["phone"] as stored


def reads():
    return LedgerEntry.objects.filter(kind="personal_data.read").count()


def refused_reasons():
    return [
        e.payload_data["reason"]
        for e in LedgerEntry.objects.filter(kind="personal_data.read_refused").order_by("pk")
    ]


def detail_url(referral):
    return reverse("hyte_referrals:inbox_detail", args=[referral.pk])


def action_url(name, referral):
    return reverse(f"hyte_referrals:{name}", args=[referral.pk])


def has_client_data(text):
    lowered = text.lower()
    return [needle for needle in CLIENT_NEEDLES if needle in lowered]


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff)
    return client


def test_reveal_is_post_redirect_get_with_one_read(staff, world, refer):
    referral = refer()
    response = staff.post(action_url("reveal", referral))
    assert response.status_code in (302, 303)
    # Back to the page itself: no token, id or detail in the URL.
    assert response["Location"] == detail_url(referral)
    assert reads() == 0  # the POST only checks and grants
    assert not has_client_data(str(dict(staff.session.items())))

    page = staff.get(response["Location"])
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    text = page.content.decode()
    assert CLIENT["name"] in text and PHONE in text and CLIENT["email"] in text
    assert f'href="tel:{PHONE}"' in text
    assert reads() == 1
    (entry,) = LedgerEntry.objects.filter(kind="personal_data.read")
    assert entry.payload_data["purpose"] == services.CONTACT_PURPOSE
    assert entry.payload_data["referral"] == str(referral.reference)
    assert entry.actor == f"user:{world.staff.pk}"

    # Reloading (or going back to) the page shows nothing and reads nothing.
    again = staff.get(detail_url(referral))
    assert again.status_code == 200
    assert not has_client_data(again.content.decode())
    assert action_url("reveal", referral) in again.content.decode()  # may ask again
    assert reads() == 1


def test_showing_again_is_another_recorded_read(staff, refer):
    referral = refer()
    for n in (1, 2):
        page = staff.post(action_url("reveal", referral), follow=True)
        assert CLIENT["name"] in page.content.decode()
        assert reads() == n


def test_accept_shows_the_details_once(staff, refer):
    referral = refer()
    response = staff.post(action_url("accept", referral))
    assert response.status_code in (302, 303)
    assert response["Location"] == detail_url(referral)
    assert reads() == 0
    page = staff.get(response["Location"]).content.decode()
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert CLIENT["name"] in page and PHONE in page
    assert reads() == 1
    assert not has_client_data(staff.get(detail_url(referral)).content.decode())
    assert reads() == 1


def test_a_failed_accept_shows_nothing(staff, world, refer):
    referral = services.accept(refer(), user=world.staff)
    page = staff.post(action_url("accept", referral), follow=True).content.decode()
    assert not has_client_data(page)
    assert reads() == 0


def test_an_unused_grant_expires(staff, refer, monkeypatch):
    referral = refer()
    monkeypatch.setattr(partner, "REVEAL_GRANT_SECONDS", -1)
    staff.post(action_url("reveal", referral))
    assert not has_client_data(staff.get(detail_url(referral)).content.decode())
    assert reads() == 0


def test_the_grant_is_for_that_referral_only(staff, refer):
    first, second = refer(), refer({"name": "Toinen Asiakas"})
    staff.post(action_url("reveal", first))
    assert not has_client_data(staff.get(detail_url(second)).content.decode())
    assert reads() == 0
    assert CLIENT["name"] in staff.get(detail_url(first)).content.decode()
    assert reads() == 1


def test_the_grant_is_for_that_user_only(staff, world, refer, make_user):
    referral = refer()
    staff.post(action_url("reveal", referral))
    colleague = make_user("partner_staff", partner=world.partner)
    session = staff.session
    (grant,) = session[partner.REVEAL_SESSION_KEY].values()
    assert grant[0] == world.staff.pk
    grant[0] = colleague.pk  # a grant that names someone else is never used
    session.save()
    assert not has_client_data(staff.get(detail_url(referral)).content.decode())
    assert reads() == 0


def test_consent_withdrawn_between_post_and_get(staff, world, refer):
    referral = refer()
    staff.post(action_url("reveal", referral))
    services.withdraw(referral, user=world.professional)
    page = staff.get(detail_url(referral))
    assert page.status_code == 200
    assert not has_client_data(page.content.decode())
    assert reads() == 0
    assert refused_reasons() == ["referral_closed"]


def test_a_refused_reveal_grants_nothing(staff, world, refer):
    from wagtail_hyte.agreements import services as agreement_services

    referral = refer()
    agreement_services.suspend(world.agreement, reason="test")
    response = staff.post(action_url("reveal", referral))
    assert response.status_code == 200
    assert str(services.CUT_MESSAGES["agreement_suspended"]) in response.content.decode()
    assert refused_reasons() == ["agreement_suspended"]
    assert partner.REVEAL_SESSION_KEY not in staff.session


def test_number_and_referrer_are_shown(staff, world, refer):
    world.professional.first_name, world.professional.last_name = "Paula", "Ammattilainen"
    world.professional.email = "paula.ammattilainen@hyvinvointialue.example"
    world.professional.save()
    referral = refer()
    page = staff.get(detail_url(referral)).content.decode()
    # Visible: not only the screen-reader h1 of Wagtail's header.
    assert f"<strong>{referral.short_reference}</strong>" in page
    assert re.search(r'<h2 id="hyte-referral-heading"[^>]*>[^<]*' + referral.short_reference, page)
    referrer = page[page.index('id="hyte-referrer-heading"') :]
    assert "Paula Ammattilainen" in referrer
    assert 'href="mailto:paula.ammattilainen@hyvinvointialue.example"' in referrer
    assert not has_client_data(page)
    assert reads() == 0


def test_the_referrers_unit_and_work_phone_are_shown(staff, world, refer):
    StaffProfile.objects.create(
        user=world.professional, unit="Perhekeskus", work_phone="+358401234567"
    )
    page = staff.get(detail_url(refer())).content.decode()
    referrer = page[page.index('id="hyte-referrer-heading"') : page.index("hyte-contact-heading")]
    assert "Perhekeskus" in referrer
    assert 'href="tel:+358401234567"' in referrer
    assert "040 1234567" in referrer or "040 123 4567" in referrer


def test_referrer_without_a_name_or_email(staff, world, refer):
    world.professional.email = ""
    world.professional.save()
    page = staff.get(detail_url(refer())).content.decode()
    referrer = page[page.index('id="hyte-referrer-heading"') : page.index("hyte-contact-heading")]
    assert world.professional.username in referrer
    assert "–" in referrer


OTHER_PARTNER_REQUESTS = [
    ("inbox_detail", "get", {}),
    ("reveal", "get", {}),
    ("reveal", "post", {}),
    ("accept", "get", {}),
    ("accept", "post", {}),
    ("outcome", "get", {}),
    ("outcome", "post", {"outcome": "cancelled", "reason": "declined"}),
    ("partner_withdraw", "get", {}),
    ("partner_withdraw", "post", {"method": "verbal"}),
    ("contact_attempt", "get", {}),
    ("contact_attempt", "post", {"method": "phone", "result": "no_answer"}),
]


@pytest.mark.parametrize(("name", "method", "data"), OTHER_PARTNER_REQUESTS)
def test_another_partner_gets_not_found_at_every_url(client, world, refer, name, method, data):
    referral = refer()
    client.force_login(world.other_staff)
    response = getattr(client, method)(action_url(name, referral), data)
    assert response.status_code == 404
    assert not has_client_data(response.content.decode())
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert reads() == 0
    # A referral that does not exist looks the same.
    assert (
        getattr(client, method)(reverse(f"hyte_referrals:{name}", args=[999999])).status_code == 404
    )


@pytest.mark.parametrize(
    "name", ["reveal", "accept", "outcome", "partner_withdraw", "contact_attempt"]
)
def test_a_typed_action_url_goes_to_the_page(staff, refer, name):
    referral = refer()
    response = staff.get(action_url(name, referral))
    assert response.status_code == 302 and response["Location"] == detail_url(referral)
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert reads() == 0


RAW = re.compile(r">\s*(sms|phone|email|fi|sv|en|True|False|None)\s*<")


def assert_words(text, where):
    found = RAW.findall(text)
    assert not found, f"raw codes {found} in {where}"
    for word in ("None", "True", "False"):
        assert word not in re.sub(r"<[^>]*>", " ", text), f"{word} in {where}"


def test_codes_are_words_on_the_referral_pages_and_listings(client, world, refer):
    referral = refer({"contact_method": "sms", "language": "sv"})
    services.report_outcome(
        refer(), user=world.staff, succeeded=False, reason="not_reached", note=""
    )
    client.force_login(world.staff)
    page = client.post(action_url("reveal", referral), follow=True).content.decode()
    contact = page[page.index('id="hyte-contact-details"') :]
    assert "<dd>Tekstiviesti</dd>" in contact
    assert "<dd>ruotsi</dd>" in contact
    assert_words(page, "the revealed referral page")
    assert_words(
        client.get(reverse("hyte_referrals:inbox") + "?status=all").content.decode(), "the inbox"
    )
    closed = Referral.objects.get(partner=world.partner, status="cancelled")
    assert_words(client.get(detail_url(closed)).content.decode(), "a closed referral page")

    client.force_login(world.professional)
    assert_words(client.get(reverse("hyte_referrals:mine")).content.decode(), "My referrals")
    assert_words(
        client.get(reverse("hyte_referrals:receipt", args=[referral.pk])).content.decode(),
        "the receipt",
    )
    assert_words(client.get(reverse("wagtailadmin_home")).content.decode(), "the admin home")


def test_outcome_form_asks_the_reason_for_a_cancellation(staff, world, refer):
    referral = refer()
    page = staff.get(detail_url(referral)).content.decode()
    assert "data-hyte-outcome" in page and "wagtail_hyte/referrals/outcome.js" in page
    # Without the script the reason stays visible, with its hint.
    with translation.override(settings.LANGUAGE_CODE):
        hint = escape(str(OutcomeForm().fields["reason"].help_text))
        with pytest.raises(ValidationError) as caught:
            services.validate_outcome(succeeded=False, reason="")
        message = escape(caught.value.message_dict["reason"][0])
    assert hint in page
    response = staff.post(action_url("outcome", referral), {"outcome": "cancelled", "reason": ""})
    assert response.status_code == 200
    assert message in response.content.decode()  # the service's own message
    referral.refresh_from_db()
    assert referral.status == "sent"
    # "Succeeded" ignores a reason left in the hidden field.
    services.accept(referral, user=world.staff)
    response = staff.post(
        action_url("outcome", referral), {"outcome": "succeeded", "reason": "declined"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "succeeded" and referral.cancellation_reason == ""
