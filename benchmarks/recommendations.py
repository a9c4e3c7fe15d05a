"""Recommendations: what one send costs, against a bare Django send_mail.

Prints per-call times for composing and sending a recommendation by email and
text message (1 and 5 activities), the rate-limit step, sealing a recipient for
the retry queue, and rendering the cover-letter PDF. Ratios are against
``send_mail`` of a short text in the same run (locmem mail backend).
"""

from __future__ import annotations

import io
from datetime import time as clock

from _harness import best_of, django_database, report


def make_activities(count):
    from wagtail.models import Site

    from wagtail_hyte.activities.models import (
        ActivityIndexPage,
        ActivityLocation,
        ActivityPage,
        Theme,
        WeeklyTime,
    )
    from wagtail_hyte.core.models import Municipality
    from wagtail_hyte.partners.models import Partner

    home = Site.objects.get(is_default_site=True).root_page
    index = home.add_child(instance=ActivityIndexPage(title="Tarjotin", slug="tarjotin"))
    partner = Partner.objects.create(name="Keski-Suomen Latu ry", slug="latu", kind="association")
    town = Municipality.objects.get(code="179")
    pages = []
    for n in range(count):
        page = ActivityPage(
            title=f"Kävelyryhmä {n}",
            slug=f"kavely-{n}",
            organiser=partner,
            summary="Ohjattu kävely puistossa kerran viikossa, kahvit perään.",
            plain_summary="Kävelemme yhdessä.",
            schedule_type="weekly",
            registration_required=True,
            registration_phone="+358401112222",
            contact_title="Liikuntaneuvonta",
        )
        page.weekly_times = [WeeklyTime(weekday=1, start_time=clock(10), end_time=clock(11))]
        page.locations = [ActivityLocation(name="Pääkirjasto", municipality=town)]
        page.themes = list(Theme.objects.all()[:1])
        page.municipalities = [town]
        index.add_child(instance=page)
        pages.append(ActivityPage.objects.get(pk=page.pk))
    return pages


def main():
    with django_database():
        from django.contrib.auth import get_user_model
        from django.core import mail
        from django.test import override_settings

        from wagtail_hyte.core.conf import hyte_settings
        from wagtail_hyte.core.roles import setup_roles
        from wagtail_hyte.core.sms.console import ConsoleSmsBackend
        from wagtail_hyte.recommendations import compose, ratelimit, sealing, services
        from wagtail_hyte.recommendations.pdf import html_to_pdf

        setup_roles()
        user = get_user_model().objects.create_superuser("bench", "b@example.invalid", "x")
        pages = make_activities(5)
        settings = {
            **hyte_settings.user_settings,
            "RECOMMENDATION_RATE_LIMITS": [(10**9, 3600)],
        }
        sink = io.StringIO()
        import wagtail_hyte.recommendations.delivery as delivery

        delivery.get_sms_backend = lambda: ConsoleSmsBackend(stream=sink)

        with override_settings(WAGTAIL_HYTE=settings):
            baseline = best_of(
                lambda: mail.send_mail("Hei", "Tervetuloa mukaan.", None, ["a@example.fi"]),
                repeat=7,
                number=50,
            )
            report("baseline: django send_mail (locmem)", baseline)
            for count in (1, 5):
                chosen = pages[:count]

                def email(chosen=chosen):
                    services.recommend(
                        user=user,
                        activities=chosen,
                        channel="email",
                        language="fi",
                        email="a@example.fi",
                    )

                def sms(chosen=chosen):
                    services.recommend(
                        user=user,
                        activities=chosen,
                        channel="sms",
                        language="fi",
                        phone="040 765 4321",
                    )

                report(
                    f"recommend by email, {count} activities",
                    best_of(email, number=10),
                    baseline=baseline,
                )
                report(
                    f"recommend by text message, {count} activities",
                    best_of(sms, number=10),
                    baseline=baseline,
                )
            report(
                "rate limit step (consume, one window)",
                best_of(lambda: ratelimit.consume(user), number=100),
                baseline=baseline,
            )

            def seal_open():
                token = sealing.seal("+358407654321", delivery_id="d", channel="sms")
                sealing.open_sealed(token, delivery_id="d", channel="sms")

            report(
                "seal + open a recipient (HKDF + AES-GCM)",
                best_of(seal_open, number=200),
                baseline=baseline,
            )
            for count in (1, 5):
                comp = compose.composition(pages[:count], user=user, language="fi", plain=False)
                from django.template.loader import render_to_string

                html = render_to_string(
                    "wagtail_hyte/recommendations/print.html",
                    {**compose.letter_context(comp), "pdf": True},
                )
                report(
                    f"cover letter PDF (WeasyPrint), {count} activities",
                    best_of(lambda html=html: html_to_pdf(html), repeat=3),
                    baseline=baseline,
                )
        mail.outbox = []


if __name__ == "__main__":
    main()
