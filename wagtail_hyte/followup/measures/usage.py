"""Measures 3 to 6, the catalogue's use: recommendations, professionals'
searches, page views of activities with and without a referral option, and
recommendations of activities with and without one."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from ..figures import Measure, Row, count, derived
from ..scope import Scope
from .common import _activity_condition, _memo, _month_key, _page_condition, _percent, _series


def _recommendations(scope: Scope):
    from wagtail_hyte.recommendations.models import RecommendationCount

    return RecommendationCount.objects.filter(
        _activity_condition(scope),
        date__gte=scope.start,
        date__lt=scope.after_end,
    ).order_by()


def _recommendation_rows(scope: Scope, cache: dict | None) -> list[tuple[date, str, bool, int]]:
    """(month, channel, referral offered, recommendations): one grouped query,
    shared by the two recommendation measures."""

    def compute():
        rows = (
            _recommendations(scope)
            .annotate(month=TruncMonth("date"))
            .values("month", "channel", "referral_offered")
            .annotate(n=Sum("count"))
            .values_list("month", "channel", "referral_offered", "n")
        )
        return [(_month_key(m), channel, offered, n or 0) for m, channel, offered, n in rows]

    return _memo(cache, ("recommendations", scope), compute)


def recommendations_measure(
    scope: Scope, today: date | None = None, cache: dict | None = None
) -> Measure:
    from wagtail_hyte.recommendations.choices import Channel

    months = scope.months()
    by_channel: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    total: dict[date, int] = defaultdict(int)
    for month, channel, _offered, n in _recommendation_rows(scope, cache):
        by_channel[channel][month] += n
        total[month] += n
    table = [Row("total", _("Recommendations"), _series(total, months, False), is_total=True)]
    for channel in Channel:
        table.append(
            Row(channel.value, str(channel.label), _series(by_channel[channel], months, False))
        )
    return Measure(
        slug="recommendations",
        title=_("Recommendations"),
        definition=_(
            "Activities recommended to clients by professionals signed in to the catalogue, "
            "by text message, email or printout, by the day they were recommended "
            "(Europe/Helsinki); a message recommending three activities counts three times. "
            "Daily totals, not linked to clients or professionals, so small numbers are shown."
        ),
        months=months,
        rows=table,
        protected=False,
    )


def recommendations_offered_measure(
    scope: Scope, today: date | None = None, cache: dict | None = None
) -> Measure:
    months = scope.months()
    offered: dict[date, int] = defaultdict(int)
    other: dict[date, int] = defaultdict(int)
    for month, _channel, is_offered, n in _recommendation_rows(scope, cache):
        (offered if is_offered else other)[month] += n
    total = {m: offered.get(m, 0) + other.get(m, 0) for m in months}
    share = [derived(_percent(offered.get(m, 0), total[m]), total[m], False) for m in months]
    return Measure(
        slug="recommendations_offered",
        title=_("Recommendations of activities with and without a referral option"),
        definition=_(
            "Recommendations made by signed-in professionals, split by whether the "
            "recommended activity could take a referral at the moment of recommending, by "
            "month (Europe/Helsinki). The share is the percentage of recommendations that "
            "were for activities with a referral option."
        ),
        months=months,
        rows=[
            Row("total", _("Recommendations"), _series(total, months, False), is_total=True),
            Row("offered", _("With a referral option"), _series(offered, months, False)),
            Row("not_offered", _("Without a referral option"), _series(other, months, False)),
            Row("offered_share", _("With a referral option (%)"), share),
        ],
        protected=False,
    )


def searches_measure(scope: Scope, today: date | None = None) -> Measure:
    from wagtail_hyte.metrics.models import Audience, SearchDay

    months = scope.months()
    rows = (
        SearchDay.objects.filter(
            audience=Audience.PROFESSIONAL, date__gte=scope.start, date__lt=scope.after_end
        )
        .order_by()
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Sum("searches"), referral=Sum("referral_filter"))
        .values_list("month", "n", "referral")
    )
    searches, referral = {}, {}
    for month, n, with_filter in rows:
        searches[_month_key(month)] = n or 0
        referral[_month_key(month)] = with_filter or 0
    share = [
        derived(_percent(referral.get(m, 0), searches.get(m, 0)), searches.get(m, 0), False)
        for m in months
    ]
    return Measure(
        slug="searches",
        title=_("Professionals' searches"),
        definition=_(
            "Catalogue listings with a search word or a filter served to signed-in "
            "professionals (superusers excluded), by day (Europe/Helsinki), and how many "
            "of them had the “Referral possible” filter on. Daily totals, never linked to "
            "a person. Searches are not linked to activities: the partner, municipality "
            "and theme filters do not apply."
        ),
        months=months,
        rows=[
            Row("total", _("Searches"), _series(searches, months, False), is_total=True),
            Row(
                "referral_filter",
                _("With the “Referral possible” filter"),
                _series(referral, months, False),
            ),
            Row("referral_filter_share", _("With the “Referral possible” filter (%)"), share),
        ],
        protected=False,
    )


def views_offered_measure(scope: Scope, today: date | None = None) -> Measure:

    from ..models import ViewMonth

    months = scope.months()
    in_scope = ViewMonth.objects.filter(
        _page_condition(scope, "page__"), month__gte=scope.start, month__lte=scope.end
    ).order_by()
    rows = (
        in_scope.filter(Q(offered=True) | Q(comparable=True))
        .values("month", "offered")
        .annotate(views=Sum("views"), days=Sum("days"), pages=Count("page_id", distinct=True))
        .values_list("month", "offered", "views", "days", "pages")
    )
    offered: dict[date, tuple[int, int, int]] = {}
    comparable: dict[date, tuple[int, int, int]] = {}
    for month, is_offered, views, days, pages in rows:  # offered, or not and comparable
        (offered if is_offered else comparable)[_month_key(month)] = (views or 0, days or 0, pages)

    def row(key, label, values, index):
        return Row(key, label, [count(values.get(m, (0, 0, 0))[index], False) for m in months])

    def rate(key, label, values):
        figures = []
        for month in months:
            views, days, _pages = values.get(month, (0, 0, 0))
            figures.append(derived(round(30 * views / days, 1) if days else None, days, False))
        return Row(key, label, figures)

    return Measure(
        slug="views_offered",
        title=_("Page views of activities with and without a referral option"),
        definition=_(
            "Views of activity pages on the days the activity offered a referral (an "
            "agreement in force that day covered it, as the agreement's version history "
            "recorded it then; a full quota does not matter), compared with the views of "
            "comparable activities that offered none in the month: activities sharing a "
            "theme and a municipality with an activity that offered a referral in the same "
            "month (any partner's). Themes and municipalities are the activities' present "
            "ones. “Per page per 30 days” divides the views by the days the pages had "
            "been published in that state, so part months compare fairly. Local days "
            "(Europe/Helsinki); recomputed every night for the current and the previous "
            "month."
        ),
        months=months,
        rows=[
            row("offered_views", _("Views, referral offered"), offered, 0),
            row("comparable_views", _("Views, comparable without referral"), comparable, 0),
            row("offered_pages", _("Activities offering a referral"), offered, 2),
            row("comparable_pages", _("Comparable activities without referral"), comparable, 2),
            rate("offered_rate", _("Views per page per 30 days, referral offered"), offered),
            rate(
                "comparable_rate",
                _("Views per page per 30 days, comparable without referral"),
                comparable,
            ),
        ],
        protected=False,
    )
