"""Activity catalogue benchmark: the filtered listing (3 facets), a search and
the unfiltered listing against a bare Wagtail page render, cold and warm, and
the listing at 1,000 vs 10,000 activities.

How the catalogue is built fast: the ``wagtailcore_page`` rows get their
treebeard paths computed here (index path + the child's step in treebeard's
base-36 alphabet) and go in with ``bulk_create``; the ``ActivityPage`` child rows,
their many-to-many rows and their ``ActivityFacet`` rows are bulk-inserted too,
and the search index is filled with the backend's ``add_bulk``. The result is
what publishing each page would give, without 10,000 page saves.

Each listing is measured cold (the listing cache cleared before every
request: the cost right after a catalogue change) and warm (counts and result
ids from the cache, see wagtail_hyte/activities/cache.py).

Run with ``make bench`` (PostgreSQL) or ``.venv/bin/python benchmarks/catalogue.py``
(SQLite). Sizes: HYTE_BENCH_ACTIVITIES (default 10000).
"""

from __future__ import annotations

import os
import time
from datetime import time as clock
from datetime import timedelta

from _harness import best_of, django_database, report

TOTAL = int(os.environ.get("HYTE_BENCH_ACTIVITIES", "10000"))
FIRST = max(1, TOTAL // 10)
KS_CODES = [
    "077",
    "172",
    "179",
    "182",
    "216",
    "226",
    "249",
    "256",
    "265",
    "275",
    "312",
    "410",
    "435",
    "495",
    "500",
    "592",
    "601",
    "729",
    "850",
    "892",
    "931",
    "992",
]
KINDS = [
    ("Liikuntaneuvonta", "Henkilökohtaista ohjausta liikunnan aloittamiseen."),
    ("Senioreiden kuntosali", "Ohjattu kuntosaliharjoittelu lihasvoiman ylläpitoon."),
    ("Kulttuurikaveri-ilta", "Teatteria ja konsertteja yhdessä kulttuurikaverin kanssa."),
    ("Mielen hyvinvoinnin vertaisryhmä", "Kokemusten jakamista ja keinoja jaksamiseen."),
    ("Digituki", "Apua puhelimen, tabletin ja sähköisen asioinnin kanssa."),
    ("Luontoretki", "Rauhallinen retki lähiluontoon ja nuotiokahvit."),
    ("Arjen ruokakurssi", "Edullista ja terveellistä arkiruokaa yhdessä kokaten."),
    ("Omaishoitajien kahvila", "Vertaistukea ja virkistystä omaishoitajille."),
]


def build(index, start, count, context):
    """Insert activities number start .. start+count-1 under ``index``."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page

    from wagtail_hyte.activities.cache import bump
    from wagtail_hyte.activities.facets import ALL_FACET, FacetValue, facet_rows, listing_labels
    from wagtail_hyte.activities.models import ActivityFacet, ActivityPage, WeeklyTime

    ct = ContentType.objects.get_for_model(ActivityPage)
    now = timezone.now()
    today = timezone.localdate()
    pages, children, facets, weekly, m2m_t, m2m_m = [], [], [], [], [], []
    themes, munis = context["themes"], context["municipalities"]
    for n in range(start, start + count):
        title, summary = KINDS[n % len(KINDS)]
        muni = munis[KS_CODES[n % len(KS_CODES)]]
        theme_list = [themes[n % len(themes)], themes[(n // 3) % len(themes)]]
        pages.append(
            Page(
                title=f"{title}, {muni.name_fi} {n}",
                slug=f"toiminta-{n}",
                path=Page._get_path(index.path, index.depth + 1, n + 1),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}toiminta-{n}/",
                content_type=ct,
                locale_id=index.locale_id,
                live=True,
                draft_title=title,
                first_published_at=now - timedelta(minutes=n),
                last_published_at=now,
            )
        )
        values = [
            FacetValue(ALL_FACET, "1", "*", "*", "*"),
            FacetValue("municipality", muni.code, muni.name_fi, muni.name_sv),
            *[
                FacetValue("theme", t.slug, t.name_fi, t.name_sv, t.name_en, t.sort_order)
                for t in dict.fromkeys(theme_list)
            ],
            FacetValue("format", ("in_person", "online", "hybrid")[n % 3], "f"),
            FacetValue("language", "fi", "suomi"),
            FacetValue("day", ("mon", "tue", "wed", "thu", "fri")[n % 5], "d", sort_key=n % 5),
            FacetValue("time", ("morning", "afternoon", "evening")[n % 3], "t"),
            FacetValue("target_group", ("older-people", "working-age", "families")[n % 3], "g"),
        ]
        if n % 2:
            values.append(FacetValue("free", "1", "Maksuton"))
        if n % 4 == 0:
            values.append(FacetValue("accessibility", "step-free", "Esteetön kulku"))
        children.append((n, summary, muni, theme_list, values))
    with transaction.atomic():
        Page.objects.bulk_create(pages, batch_size=2000)
        ids = dict(Page.objects.filter(path__in=[p.path for p in pages]).values_list("slug", "id"))
        fields = list(ActivityPage._meta.local_concrete_fields)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        rows = []
        for n, summary, muni, theme_list, values in children:
            page = ActivityPage(
                page_ptr_id=ids[f"toiminta-{n}"],
                organiser=context["partner"],
                summary=summary,
                schedule_type="weekly",
                cost_type="free" if n % 2 else "paid",
                format=("in_person", "online", "hybrid")[n % 3],
                languages=["fi"],
                min_age=(None, 18, 65)[n % 3],
                next_date=today + timedelta(days=n % 7),
                listing_labels=listing_labels(values),
                status="active",
                body=[],
            )
            page.id = page.page_ptr_id
            rows.append([f.get_db_prep_save(f.pre_save(page, True), connection) for f in fields])
            weekly.append(WeeklyTime(page_id=page.pk, weekday=n % 5, start_time=clock(9 + n % 10)))
            facets.extend(facet_rows(page, values))
            m2m_t += [
                ActivityPage.themes.through(activitypage_id=page.pk, theme_id=t.pk)
                for t in dict.fromkeys(theme_list)
            ]
            m2m_m.append(
                ActivityPage.municipalities.through(
                    activitypage_id=page.pk, municipality_id=muni.pk
                )
            )
        placeholders = ", ".join(["%s"] * len(fields))
        table = connection.ops.quote_name(ActivityPage._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608
                rows,
            )
        WeeklyTime.objects.bulk_create(weekly, batch_size=5000)
        ActivityFacet.objects.bulk_create(facets, batch_size=5000)
        ActivityPage.themes.through.objects.bulk_create(m2m_t, batch_size=5000)
        ActivityPage.municipalities.through.objects.bulk_create(m2m_m, batch_size=5000)
        Page.objects.filter(pk=index.pk).update(numchild=start + count)
        # Publishing pages changes the catalogue version; bulk inserts must too.
        bump()
    from wagtail.search.backends import get_search_backend

    created = (
        ActivityPage.objects.filter(pk__in=ids.values())
        .select_related("organiser")
        .prefetch_related("themes", "target_groups", "municipalities")
    )
    get_search_backend().add_bulk(ActivityPage, list(created))
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum keeps them on a running site.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main():
    with django_database():
        from django.core.cache import caches
        from django.test import Client
        from wagtail.models import Site

        from wagtail_hyte.activities.models import ActivityIndexPage, Theme
        from wagtail_hyte.core.conf import hyte_settings
        from wagtail_hyte.core.models import Municipality
        from wagtail_hyte.partners.models import Partner

        home = Site.objects.get(is_default_site=True).root_page
        index = home.add_child(instance=ActivityIndexPage(title="Tarjotin", slug="tarjotin"))
        context = {
            "themes": list(Theme.objects.order_by("sort_order")),
            "municipalities": {m.code: m for m in Municipality.objects.filter(code__in=KS_CODES)},
            "partner": Partner.objects.create(name="Benchmark ry", kind="association"),
        }
        client = Client()
        cache = caches[hyte_settings.CATALOGUE_CACHE]
        home_url, index_url = home.url, index.url
        filtered = {"municipality": "179", "theme": "everyday-safety", "format": "in_person"}
        search = {"q": "liikuntaneuvonta"}

        def get(url, params=None):
            response = client.get(url, params or {})
            assert response.status_code == 200, response.status_code
            return response

        def cold(url, params=None):
            # Clear the listing cache first: the cost after any catalogue change.
            cache.clear()
            return get(url, params)

        def measure(label):
            bare = best_of(lambda: get(home_url), repeat=7, number=5)
            report("bare Wagtail page render (home page)", bare)
            figures = {}
            for name, params in (
                ("filtered listing, 3 facets", filtered),
                ("search q=liikuntaneuvonta", search),
                ("unfiltered listing", None),
            ):
                for mode, fetch in (("cold", cold), ("warm", get)):
                    get(index_url, params)  # fill the cache for the warm figure
                    value = best_of(lambda f=fetch, p=params: f(index_url, p), repeat=7, number=5)
                    report(f"{name}, {mode} ({label})", value, baseline=bare)
                    figures[name, mode] = value
            return figures

        started = time.perf_counter()
        build(index, 0, FIRST, context)
        report(f"build {FIRST} activities", time.perf_counter() - started, unit="s")
        get(index_url, filtered)  # warm caches
        small = measure(f"{FIRST:,}")
        started = time.perf_counter()
        build(index, FIRST, TOTAL - FIRST, context)
        report(f"build {TOTAL - FIRST} more activities", time.perf_counter() - started, unit="s")
        index.refresh_from_db()
        assert get(index_url, filtered).context["listing"].total > 0
        large = measure(f"{TOTAL:,}")
        for key in small:
            print(
                f"growth {FIRST:,} -> {TOTAL:,} activities: {key[0]}, {key[1]} "
                f"{large[key] / small[key]:.2f}x",
                flush=True,
            )


if __name__ == "__main__":
    main()
