"""The professional's work contact details in Wagtail's account settings, by
keyboard and checked with axe-core; the receipt then shows them."""

from django.urls import reverse

from wagtail_hyte.core.models import StaffProfile

from .test_referrals_journey import submit_with, type_into


def test_work_contact_details_by_keyboard(page, live_server, journey, login, axe):
    professional = journey["professional"]
    professional.first_name, professional.last_name = "Sanna", "Sosionomi"
    professional.save()
    login(page, live_server, professional)
    page.goto(f"{live_server.url}{reverse('wagtailadmin_account')}")
    unit = page.locator("#id_hyte_work_contact-unit")
    if not unit.is_visible():  # the panel sits on a tab of the account page
        panel_id = unit.evaluate("el => el.closest('[role=tabpanel]').id")
        page.locator(f'[role=tab][aria-controls="{panel_id}"]').click()
    axe(page)
    type_into(page, "#id_hyte_work_contact-unit", "Perhekeskus")
    type_into(page, "#id_hyte_work_contact-work_phone", "12")
    submit_with(page, "#id_hyte_work_contact-unit")
    assert not StaffProfile.objects.filter(user=professional).exists()
    axe(page)  # the error message too
    phone = page.locator("#id_hyte_work_contact-work_phone")
    if not phone.is_visible():
        panel_id = phone.evaluate("el => el.closest('[role=tabpanel]').id")
        page.locator(f'[role=tab][aria-controls="{panel_id}"]').click()
    phone.fill("")
    type_into(page, "#id_hyte_work_contact-work_phone", "040 123 4567")
    submit_with(page, "#id_hyte_work_contact-work_phone")
    profile = StaffProfile.objects.get(user=professional)
    assert (profile.unit, profile.work_phone) == ("Perhekeskus", "+358401234567")
