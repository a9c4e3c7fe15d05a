"""Figures for the usage report: daily totals, most viewed activities, failed terms."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Sum

from .models import ActivityViewDay, Audience, SearchDay, ZeroResultTermDay


def usage_report(today, days: int = 30) -> dict:
    start = today - timedelta(days=days - 1)
    rows: dict = {
        start + timedelta(days=n): {
            "views": 0,
            "professional": 0,
            "other": 0,
            "zero_results": 0,
        }
        for n in range(days)
    }
    for row in (
        ActivityViewDay.objects.filter(date__gte=start, date__lte=today)
        .values("date")
        .annotate(n=Sum("views"))
    ):
        rows[row["date"]]["views"] = row["n"]
    for row in SearchDay.objects.filter(date__gte=start, date__lte=today):
        key = "professional" if row.audience == Audience.PROFESSIONAL else "other"
        rows[row.date][key] += row.searches
        rows[row.date]["zero_results"] += row.zero_results
    top_pages = list(
        ActivityViewDay.objects.filter(date__gte=start, date__lte=today)
        .values("page_id", "page__title")
        .annotate(n=Sum("views"))
        .order_by("-n", "page__title")[:20]
    )
    terms = list(
        ZeroResultTermDay.objects.filter(date__gte=start, date__lte=today)
        .values("term")
        .annotate(n=Sum("count"))
        .order_by("-n", "term")[:30]
    )
    days_list = [{"date": d, **v} for d, v in sorted(rows.items(), reverse=True)]
    totals = {
        k: sum(d[k] for d in days_list) for k in ("views", "professional", "other", "zero_results")
    }
    return {
        "start": start,
        "end": today,
        "days": days_list,
        "totals": totals,
        "top_pages": top_pages,
        "zero_terms": terms,
    }
