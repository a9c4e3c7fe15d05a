"""API benchmark (issue 15): the REST v1 activity list and the HSDS services
list against a bare DRF ``ListAPIView`` over the same pages, and referral
creation through the API against the service call, all in the same run.

1. ``GET /api/hyte/v1/activities/`` (20 a page) over HYTE_BENCH_API_ACTIVITIES
   activities, warm (the catalogue's listing cache filled, the steady state)
   and cold (the cache cleared before every request, the cost right after a
   catalogue change), against the *bare view*: a ``ListAPIView`` with a plain
   ``ModelSerializer`` over ``ActivityPage`` (the list item's fields: page
   fields, organiser, themes, target groups, municipalities), no filters,
   ``PageNumberPagination`` with 20 a page, ``select_related`` and
   ``prefetch_related`` as any DRF list would have them. Aim: at most 1.5x.
2. ``GET /api/hsds/services`` (its default page size, 20) against the same
   bare view. Aim: at most 1.5x.
3. ``POST /api/hyte/v1/referrals/`` with a professional's API token (the
   consent data of docs/api-referrals.md) against
   ``referrals.services.create_referral`` with the same input (the contact
   details as the API's ``ContactForm`` cleans them). Aim: at most 1.3x. In
   between, ``api.v1.referrals.creation.make_referral`` without HTTP (the
   admin form's steps: availability, contact and consent forms, the ledgered
   client lookup, then ``create_referral``) shows where the difference goes.

The activities are made as benchmarks/catalogue.py makes them (its ``build``),
half by a partner with an agreement in force (their cards carry the
"referral possible" badge), half by one without; the referral world is
benchmarks/referrals.py's ``setup_world`` (an agreement with a quota of
1,000,000, so the quota never runs out). Every request goes through the test
client and the site's whole middleware stack; the bare view is mounted in
front of the site's URLs by a URLconf made here for the run. Each API request
is made by another professional with a token of their own: the client lookup
is rate-limited per user (``REFERRAL_LOOKUP_RATE_LIMITS``) and the token
throttle counts per token, so no request is refused or takes a shortcut. The
public throttle's count is reset before every round. The referral figures
come after HISTORY earlier referrals and a fresh ``ANALYZE``. Notifications
are queued (django-tasks' dummy backend), as in production.

Rounds alternate between the baseline and what is measured, so both see the
same machine. Each line gives the median and the best of the rounds (seconds
per request averaged within a round), the ratio of the medians (and of the
bests) and the queries of one request. Wall-clock times are never asserted.

Run with ``make bench`` (PostgreSQL) or
``scripts/postgres.sh .venv/bin/python benchmarks/api.py``. Sizes:
HYTE_BENCH_API_ACTIVITIES (default 10000), HYTE_BENCH_API_REPEAT (rounds,
default 7), HYTE_BENCH_API_NUMBER (requests a round, default 5).
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import time
import types
from datetime import timedelta

from _harness import django_database, report
from catalogue import KS_CODES, build
from referrals import queued_tasks, setup_world

ACTIVITIES = int(os.environ.get("HYTE_BENCH_API_ACTIVITIES", "10000"))
REPEAT = int(os.environ.get("HYTE_BENCH_API_REPEAT", "7"))
NUMBER = int(os.environ.get("HYTE_BENCH_API_NUMBER", "5"))
WARMUP = 2
HISTORY = 300  # referrals made before the referral figures are measured
PAGE_SIZE = 20
LIST_AIM = 1.5
REFERRAL_AIM = 1.3
BARE_URL = "/bench/bare-activities/"
ACTIVITIES_URL = "/api/hyte/v1/activities/"
HSDS_URL = "/api/hsds/services"
REFERRALS_URL = "/api/hyte/v1/referrals/"
_n = itertools.count(1)


# --- the baseline: a bare DRF list ---------------------------------------------------------


def bare_view():
    """A ``ListAPIView`` as a DRF tutorial writes it, over the same pages."""
    from rest_framework import serializers
    from rest_framework.generics import ListAPIView
    from rest_framework.pagination import PageNumberPagination
    from rest_framework.permissions import AllowAny
    from rest_framework.renderers import JSONRenderer

    from wagtail_hyte.activities.models import ActivityPage, TargetGroup, Theme
    from wagtail_hyte.core.models import Municipality
    from wagtail_hyte.partners.models import Partner

    class PartnerSerializer(serializers.ModelSerializer):
        class Meta:
            model = Partner
            fields = ["id", "slug", "name"]

    class ThemeSerializer(serializers.ModelSerializer):
        class Meta:
            model = Theme
            fields = ["slug", "name"]

    class TargetGroupSerializer(serializers.ModelSerializer):
        class Meta:
            model = TargetGroup
            fields = ["slug", "name"]

    class MunicipalitySerializer(serializers.ModelSerializer):
        class Meta:
            model = Municipality
            fields = ["code", "name"]

    class ActivitySerializer(serializers.ModelSerializer):
        organiser = PartnerSerializer(read_only=True)
        themes = ThemeSerializer(many=True, read_only=True)
        target_groups = TargetGroupSerializer(many=True, read_only=True)
        municipalities = MunicipalitySerializer(many=True, read_only=True)

        class Meta:
            model = ActivityPage
            fields = [
                "id",
                "slug",
                "title",
                "url_path",
                "locale",
                "summary",
                "plain_summary",
                "organiser",
                "themes",
                "target_groups",
                "municipalities",
                "min_age",
                "max_age",
                "format",
                "cost_type",
                "languages",
                "status",
                "next_date",
                "last_published_at",
            ]

    class Pagination(PageNumberPagination):
        page_size = PAGE_SIZE

    class BareActivityList(ListAPIView):
        authentication_classes = ()
        permission_classes = (AllowAny,)
        renderer_classes = (JSONRenderer,)
        throttle_classes = ()
        pagination_class = Pagination
        serializer_class = ActivitySerializer
        queryset = (
            ActivityPage.objects.select_related("organiser")
            .prefetch_related("themes", "target_groups", "municipalities")
            .order_by("pk")
        )

    return BareActivityList


def bench_urlconf(view) -> str:
    """A URLconf for this run: the bare view at BARE_URL, then the site's own URLs."""
    from importlib import import_module

    from django.conf import settings
    from django.urls import path

    module = types.ModuleType("hyte_bench_api_urls")
    module.urlpatterns = [
        path(BARE_URL.strip("/") + "/", view.as_view()),
        *import_module(settings.ROOT_URLCONF).urlpatterns,
    ]
    sys.modules[module.__name__] = module
    return module.__name__


# --- timing -----------------------------------------------------------------------------------


def interleaved(fns: dict, *, before_round=None) -> dict[str, list[float]]:
    """Seconds per call of each of ``fns``, REPEAT rounds of NUMBER calls, the
    functions taking turns round by round."""
    for fn in fns.values():
        for _ in range(WARMUP):
            if before_round:
                before_round()
            fn()
    samples = {name: [] for name in fns}
    for _ in range(REPEAT):
        for name, fn in fns.items():
            if before_round:
                before_round()
            start = time.perf_counter()
            for _ in range(NUMBER):
                fn()
            samples[name].append((time.perf_counter() - start) / NUMBER)
    return samples


def analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def queries_of(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def line(name: str, samples: list[float], queries: int, base: list[float] | None = None):
    median, best = statistics.median(samples), min(samples)
    text = f"{name:<52} median {median * 1000:8.2f} ms  best {best * 1000:8.2f} ms"
    if base:
        text += f"  ratio {median / statistics.median(base):5.2f}x (best {best / min(base):5.2f}x)"
    print(f"{text}  {queries:>3} queries", flush=True)


def aim(name: str, samples: list[float], base: list[float], limit: float):
    ratio = statistics.median(samples) / statistics.median(base)
    verdict = "met" if ratio <= limit else "NOT met"
    print(f"aim {name}: <= {limit:.2f}x, median ratio {ratio:.2f}x: {verdict}", flush=True)


# --- the world --------------------------------------------------------------------------------


def make_catalogue(published):
    """ACTIVITIES live activity pages (catalogue.build) beside ``published``,
    half of them by its organiser (a partner with an agreement in force),
    half by a partner without one."""
    from wagtail.models import Site

    from wagtail_hyte.activities.models import ActivityIndexPage, Theme
    from wagtail_hyte.core.models import Municipality
    from wagtail_hyte.partners.models import Partner

    home = Site.objects.get(is_default_site=True).root_page
    index = home.add_child(instance=ActivityIndexPage(title="Tarjotin", slug="tarjotin"))
    context = {
        "themes": list(Theme.objects.order_by("sort_order")),
        "municipalities": {m.code: m for m in Municipality.objects.filter(code__in=KS_CODES)},
    }
    half = ACTIVITIES // 2
    plain = Partner.objects.create(name="Benchmark ry", kind="association")
    started = time.perf_counter()
    build(index, 0, half, {**context, "partner": published.organiser})
    build(index, half, ACTIVITIES - half, {**context, "partner": plain})
    report(f"build {ACTIVITIES:,} activities", time.perf_counter() - started, unit="s")
    align_total_rows(published)


def align_total_rows(published) -> None:
    """Give the built pages' "_all" facet rows the labels publishing gave ``published``.

    ``catalogue.build`` writes that row with the Finnish label only, where
    ``facets.facet_rows`` (publishing) writes all three; the listing groups the
    rows by label, so among one published page and built ones its total would
    be the published page's alone. benchmarks/catalogue.py has built pages
    only and never sees it; here the referral world's activity is published.
    """
    from wagtail_hyte.activities.cache import bump
    from wagtail_hyte.activities.facets import ALL_FACET
    from wagtail_hyte.activities.models import ActivityFacet

    labels = ("label_fi", "label_sv", "label_en")
    rows = ActivityFacet.objects.filter(facet=ALL_FACET)
    rows.exclude(page=published).update(**rows.filter(page=published).values(*labels).get())
    bump()


def professionals(count: int, coordinator):
    """``count`` professionals, each with an API token of their own (referrals:write)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from wagtail_hyte.api import tokens
    from wagtail_hyte.core.periods import local_date
    from wagtail_hyte.core.roles import GROUP_NAMES, PROFESSIONAL

    group = Group.objects.get(name=GROUP_NAMES[PROFESSIONAL])
    made = []
    for i in range(count):
        user = get_user_model().objects.create_user(f"bench-api-professional-{i}")
        user.groups.add(group)
        created = tokens.create_token(
            name="Benchmark integration",
            user=user,
            scopes=["referrals:write"],
            expires_on=local_date() + timedelta(days=30),
            created_by=coordinator,
        )
        made.append((get_user_model().objects.get(pk=user.pk), str(created.secret)))
    return iter(made)


def coordinator_user():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from wagtail_hyte.core.roles import COORDINATOR, GROUP_NAMES

    user = get_user_model().objects.create_user("bench-api-coordinator")
    user.groups.add(Group.objects.get(name=GROUP_NAMES[COORDINATOR]))
    return get_user_model().objects.get(pk=user.pk)


def referral_payload(activity, notice) -> dict:
    """What an integration posts (docs/api-referrals.md): a new client each time."""
    n = next(_n)
    return {
        "activity": activity.pk,
        "name": f"Asiakas {n}",
        "phone": f"040 3{n:06d}",
        "contact_method": "phone",
        "language": "fi",
        "notice_id": notice.pk,
        "notice_sha256": notice.text_sha256,
        "collection_method": "verbal",
        "confirmed": True,
    }


# --- the measurements ----------------------------------------------------------------------


def reset_public_throttle():
    """Forget the public throttle's count of the test client's address."""
    from wagtail_hyte.api.throttling import PublicRateThrottle

    throttle = PublicRateThrottle()
    key = throttle.cache_format % {"scope": throttle.scope, "ident": "127.0.0.1"}
    throttle.cache.delete(key)


def lists(client):
    from django.core.cache import caches

    from wagtail_hyte.core.conf import hyte_settings

    listing_cache = caches[hyte_settings.CATALOGUE_CACHE]

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:500])
        return response.json()

    def bare():
        return get(BARE_URL)

    def activities_warm():
        return get(ACTIVITIES_URL)

    def activities_cold():
        listing_cache.clear()
        return get(ACTIVITIES_URL)

    def hsds():
        return get(HSDS_URL)

    # The same page of the same data on every side: 20 items of all the activities.
    total = ACTIVITIES + 1  # and the referral world's own activity
    for name, body, key, count in (
        ("bare", bare(), "results", "count"),
        ("activities", activities_warm(), "results", "count"),
        ("hsds", hsds(), "contents", "total_items"),
    ):
        assert len(body[key]) == min(PAGE_SIZE, total), (name, len(body[key]))
        assert body[count] == total, (name, body[count], total)

    reset_public_throttle()
    listing_cache.clear()
    queries = {
        "bare": queries_of(bare),
        "cold": queries_of(activities_cold),
        "warm": queries_of(activities_warm),
        "hsds": queries_of(hsds),
    }
    samples = interleaved(
        {"bare": bare, "cold": activities_cold, "warm": activities_warm, "hsds": hsds},
        before_round=reset_public_throttle,
    )
    base = samples["bare"]
    print(f"\n# lists, {PAGE_SIZE} a page, over {total:,} activities")
    line("bare DRF ListAPIView (ModelSerializer, no filters)", base, queries["bare"])
    line("GET /api/hyte/v1/activities/, warm", samples["warm"], queries["warm"], base)
    line("GET /api/hyte/v1/activities/, cold", samples["cold"], queries["cold"], base)
    line("GET /api/hsds/services", samples["hsds"], queries["hsds"], base)
    aim("activities (warm)", samples["warm"], base, LIST_AIM)
    aim("activities (cold)", samples["cold"], base, LIST_AIM)
    aim("HSDS services", samples["hsds"], base, LIST_AIM)


def referrals(client, activity, professional, notice, coordinator):
    from wagtail_hyte.api.v1.referrals.creation import Made, make_referral
    from wagtail_hyte.referrals import services
    from wagtail_hyte.referrals.forms import ContactForm

    # Every API and make_referral call by a professional of its own (+1 each: the query count).
    pool = professionals(2 * (WARMUP + REPEAT * NUMBER + 1), coordinator)

    def through_api():
        _user, secret = next(pool)
        response = client.post(
            REFERRALS_URL,
            referral_payload(activity, notice),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        assert response.status_code == 201, (response.status_code, response.content[:500])
        assert not response.json()["warnings"], response.json()["warnings"]

    def steps():
        user, _secret = next(pool)
        made = make_referral(user, referral_payload(activity, notice))
        assert isinstance(made, Made) and not made.warnings, made

    def service_call(details):
        services.create_referral(
            activity=activity,
            professional=professional,
            details=details,
            notice=notice,
            shown_notice_sha256=notice.text_sha256,
            collection_method="verbal",
            subject=None,
            confirm_client=False,
            feedback_requested=False,
        )

    def details_of(payload) -> dict:
        """The contact details as the API's ContactForm cleans them for create_referral."""
        form = ContactForm(payload)
        assert form.is_valid(), form.errors
        return form.details()

    # The service's input is cleaned before its clock starts: the cleaning is the
    # API's work, the result the same details the API hands to create_referral.
    queue = []

    def prepare():
        queue[:] = [details_of(referral_payload(activity, notice)) for _ in range(NUMBER)]

    def service_prepared():
        service_call(queue.pop())

    with queued_tasks():
        # Earlier referrals, then fresh statistics (as autovacuum keeps them on a
        # running site): planned for empty tables, the client lookup's query
        # joins by nested sequential scans and slows down with every referral.
        for _ in range(HISTORY):
            service_call(details_of(referral_payload(activity, notice)))
        analyze()
        prepare()
        queries = {
            "service": queries_of(service_prepared),
            "steps": queries_of(steps),
            "api": queries_of(through_api),
        }
        samples = interleaved(
            {"service": service_prepared, "steps": steps, "api": through_api},
            before_round=prepare,
        )
    base = samples["service"]
    print("\n# referral creation (notifications queued)")
    line("services.create_referral (same input)", base, queries["service"])
    line("make_referral: form steps, lookup, no HTTP", samples["steps"], queries["steps"], base)
    line("POST /api/hyte/v1/referrals/ (API token)", samples["api"], queries["api"], base)
    aim("referral creation", samples["api"], base, REFERRAL_AIM)
    ratio = statistics.median(samples["api"]) / statistics.median(samples["steps"])
    print(f"POST over make_referral (HTTP, token, DRF): {ratio:.2f}x", flush=True)


def main():
    with django_database():
        from django.test import Client, override_settings

        activity, professional, notice = setup_world()
        make_catalogue(activity)
        with override_settings(ROOT_URLCONF=bench_urlconf(bare_view())):
            client = Client()
            lists(client)
            referrals(client, activity, professional, notice, coordinator_user())


if __name__ == "__main__":
    main()
