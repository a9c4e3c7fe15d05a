"""Recommendation figures: per month, channel and referral option, and per organisation."""

from __future__ import annotations

from datetime import date

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from .choices import Channel
from .models import RecommendationCount


def figures(start: date, end: date) -> dict:
    rows = RecommendationCount.objects.filter(date__gte=start, date__lte=end)
    months: dict = {}
    for row in (
        rows.annotate(month=TruncMonth("date"))
        .values("month", "channel", "referral_offered")
        .annotate(n=Sum("count"))
    ):
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        entry = months.setdefault(
            month, {"month": month, "total": 0, "with_referral": 0, "without_referral": 0}
        )
        entry.setdefault(row["channel"], 0)
        entry[row["channel"]] += row["n"]
        entry["total"] += row["n"]
        entry["with_referral" if row["referral_offered"] else "without_referral"] += row["n"]
    for entry in months.values():
        for channel in Channel.values:
            entry.setdefault(channel, 0)
    organisations = list(
        rows.values("organisation").annotate(n=Sum("count")).order_by("-n", "organisation")
    )
    top = list(
        rows.values("activity_id", "activity__title")
        .annotate(n=Sum("count"))
        .order_by("-n", "activity__title")[:20]
    )
    return {
        "months": [months[m] for m in sorted(months, reverse=True)],
        "organisations": organisations,
        "top": top,
        "total": sum(m["total"] for m in months.values()),
    }
