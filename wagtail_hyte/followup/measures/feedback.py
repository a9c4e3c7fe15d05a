"""Client feedback (asiakaskokemus): feedback requests sent and the anonymous
answers."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from ..figures import Figure, Measure, Row, derived
from ..scope import Scope
from .common import _activity_condition, _month_key, _series, _share


def feedback_measure(scope: Scope, today: date | None = None) -> Measure:
    """Feedback requests sent (and failed) and the anonymous answers, by month:
    two queries. Answers carry partner, activity and month only; sends are daily
    totals and follow no filter."""
    from wagtail_hyte.referrals.feedback_models import FeedbackAnswer, FeedbackSendDay

    months = scope.months()
    sent: dict[date, int] = defaultdict(int)
    failed: dict[date, int] = defaultdict(int)
    sends = (
        FeedbackSendDay.objects.filter(date__gte=scope.start, date__lt=scope.after_end)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(sent=Sum("sent"), failed=Sum("failed"))
        .values_list("month", "sent", "failed")
        .order_by()
    )
    for month, n_sent, n_failed in sends:
        sent[_month_key(month)] += n_sent or 0
        failed[_month_key(month)] += n_failed or 0
    answers = FeedbackAnswer.objects.filter(month__gte=scope.start, month__lt=scope.after_end)
    if scope.partner_id:
        answers = answers.filter(partner_id=scope.partner_id)
    answers = answers.filter(_activity_condition(scope))
    stats = {
        _month_key(row["month"]): row
        for row in answers.values("month")
        .annotate(
            n=Count("pk"),
            contacted=Count("pk", filter=Q(contacted="yes")),
            took_part=Count("pk", filter=Q(took_part="yes")),
            rated=Count("usefulness"),
            usefulness=Avg("usefulness"),
        )
        .order_by()
    }

    def column(name: str) -> dict[date, int]:
        return {month: row[name] for month, row in stats.items()}

    def share(name: str) -> list[Figure]:
        return [
            _share(stats[m][name], stats[m]["n"]) if m in stats else Figure(None) for m in months
        ]

    usefulness = [
        derived(round(stats[m]["usefulness"], 1), stats[m]["rated"])
        if m in stats and stats[m]["rated"]
        else Figure(None)
        for m in months
    ]
    return Measure(
        slug="feedback",
        title=_("Client feedback"),
        definition=_(
            "Feedback requests sent to clients who agreed to one when the referral was made, "
            "by the day they were sent (a failed send is counted apart), and the anonymous "
            "answers by the month the referral closed (Europe/Helsinki). An answer holds "
            "only the partner, the activity and the month; usefulness is the average of the "
            "answers that rated it from 1 to 5. Requests follow no filter."
        ),
        months=months,
        rows=[
            Row("sent", _("Feedback requests sent"), _series(sent, months)),
            Row("failed", _("Feedback requests that could not be sent"), _series(failed, months)),
            Row("answers", _("Answers"), _series(column("n"), months), is_total=True),
            Row("contacted_share", _("Were contacted by the organiser (%)"), share("contacted")),
            Row("took_part_share", _("Took part in the activity (%)"), share("took_part")),
            Row("usefulness", _("Usefulness, average of 1–5"), usefulness),
        ],
        unit="count",
    )
