"""Daily jobs of the metrics app (run by ``hyte_daily``)."""

import importlib.util

from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.daily import DailyJob


def prune_metrics() -> str:
    from .housekeeping import prune

    return f"Pruned: {prune()}"


DAILY_JOBS = []
if importlib.util.find_spec("wagtail_hyte.metrics.housekeeping") is not None:
    DAILY_JOBS.append(
        DailyJob("metrics.prune", _("Delete usage figures past their keep."), prune_metrics, 80)
    )
