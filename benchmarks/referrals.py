"""Referral benchmark: end-to-end creation (quota lock, encrypted contact details,
consent, referral, three ledger entries, the partner notification) against one
bare ORM insert plus commit in the same run (target at most 4x), and throughput
with 8 concurrent clients on PostgreSQL."""

from __future__ import annotations

import itertools
import os
import threading
import time

from _harness import best_of, django_database, report

CLIENTS = 8
PER_CLIENT = int(os.environ.get("HYTE_BENCH_REFERRALS_PER_CLIENT", "40"))
_n = itertools.count(1)


def setup_world():
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.models import Site

    from wagtail_hyte.activities.models import ActivityIndexPage, ActivityPage
    from wagtail_hyte.agreements import services as agreement_services
    from wagtail_hyte.agreements.models import PartnerAgreement
    from wagtail_hyte.core.periods import local_date
    from wagtail_hyte.core.roles import GROUP_NAMES, PROFESSIONAL, setup_roles
    from wagtail_hyte.ledger.models import ConsentNotice
    from wagtail_hyte.partners.models import Partner

    setup_roles()
    partner = Partner.objects.create(name="Bench ry", kind="association")
    agreement = PartnerAgreement.objects.create(
        partner=partner,
        reference_number="BENCH-1",
        title="Bench",
        valid_from=local_date() - timedelta(days=1),
        valid_to=local_date() + timedelta(days=30),
        quota=1_000_000,
        quota_period="term",
        contact_days=5,
        notification_emails="bench@example.invalid",
    )
    agreement_services.activate(agreement, reason="bench")
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = home.add_child(instance=ActivityIndexPage(title="Tarjotin", slug="bench-tarjotin"))
    activity = ActivityPage(title="Bench", slug="bench", organiser=partner, summary="Bench.")
    index.add_child(instance=activity)
    activity.save_revision().publish()
    professional = get_user_model().objects.create_user("bench-professional")
    professional.groups.add(Group.objects.get(name=GROUP_NAMES[PROFESSIONAL]))
    professional = get_user_model().objects.get(pk=professional.pk)
    # Migration 0004 of the referrals app already publishes the default notices.
    notice, _created = ConsentNotice.objects.get_or_create(
        key="referral", version=1, language="fi", defaults={"title": "Suostumus", "text": "Bench."}
    )
    return activity, professional, notice


def make_referral(activity, professional, notice):
    from wagtail_hyte.referrals import services

    n = next(_n)
    return services.create_referral(
        activity=activity,
        professional=professional,
        details={
            "name": f"Asiakas {n}",
            "phone": f"040 3{n:06d}",
            "contact_method": "phone",
            "language": "fi",
        },
        notice=notice,
        collection_method="verbal",
    )


def queued_tasks():
    """Tasks go to a queue (here django-tasks' dummy backend), as in production."""
    from django.test import override_settings

    return override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    )


def bare_insert():
    from django.contrib.auth.models import Group
    from django.db import transaction

    with transaction.atomic():
        Group.objects.create(name=f"bench-{next(_n)}")


def concurrent(activity, professional, notice):
    from django.db import close_old_connections, connection

    errors = []
    barrier = threading.Barrier(CLIENTS + 1)

    def worker():
        try:
            barrier.wait()
            for _ in range(PER_CLIENT):
                make_referral(activity, professional, notice)
        except Exception as exc:  # reported, never hidden
            errors.append(repr(exc))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    return elapsed, errors


def main():
    with django_database():
        from django.db import connection

        from wagtail_hyte.referrals.models import Referral

        activity, professional, notice = setup_world()
        for _ in range(5):  # warm up caches and connections
            make_referral(activity, professional, notice)
            bare_insert()
        baseline = best_of(bare_insert, repeat=5, number=50)
        report("bare ORM insert + commit", baseline)
        referral = best_of(
            lambda: make_referral(activity, professional, notice), repeat=5, number=20
        )
        report("create_referral + partner email (immediate tasks)", referral, baseline=baseline)
        with queued_tasks():
            referral = best_of(
                lambda: make_referral(activity, professional, notice), repeat=5, number=20
            )
        report("create_referral, email queued (production)", referral, baseline=baseline)
        print(f"{'target':<55} {'<= 4.00x':>15}")
        if connection.vendor != "postgresql":
            print("# concurrent throughput needs PostgreSQL (make bench); skipped")
            return
        before = Referral.objects.count()
        elapsed, errors = concurrent(activity, professional, notice)
        made = Referral.objects.count() - before
        if errors:
            print(f"# {len(errors)} client errors, first: {errors[0]}")
        report(f"referrals/s with {CLIENTS} concurrent clients", made / elapsed, unit="/s")
        report("referrals/s with 1 client (from the single-client figure)", 1 / referral, unit="/s")


if __name__ == "__main__":
    main()
