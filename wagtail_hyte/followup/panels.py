"""The coordinators' dashboard panel: this month against the previous one."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from wagtail_hyte.core.periods import local_date

from .exports import month_label

#: (measure slug, row key or None for the total/first row, label) of the panel.
PANEL_FIGURES = [
    ("referrals", None, None),
    ("recommendations", None, None),
    ("outcomes", "succeeded", None),
    ("agreements", "new", None),
]


def _row(measure, key):
    if key is not None:
        found = measure.row(key)
        if found is not None:
            return found
    return next((row for row in measure.rows if row.is_total), None) or (
        measure.rows[0] if measure.rows else None
    )


def panel_rows(today=None) -> tuple[list[dict], list]:
    """``([{"label", "previous", "current", "url"}], [previous month, this month])``."""
    from . import measures
    from .forms import make_scope
    from .scope import add_months, month_start

    current = month_start(today or local_date())
    previous = add_months(current, -1)
    scope = make_scope(previous, current)
    rows = []
    for slug, key, label in PANEL_FIGURES:
        if slug not in measures.MEASURES:
            continue
        measure = measures.measure(slug, scope)
        row = _row(measure, key)
        if row is None or len(row.values) < 2:
            continue
        title = str(measure.title)
        if label is None and row.key != "total" and not row.is_total and len(measure.rows) > 1:
            label = f"{title}: {row.label}"
        rows.append(
            {
                "label": label or title,
                "previous": row.values[-2],
                "current": row.values[-1],
                "url": reverse("hyte_followup:measure", args=[slug]),
            }
        )
    return rows, [previous, current]


class FollowUpPanel(Component):
    name = "hyte_follow_up"
    order = 140
    template_name = "wagtail_hyte/followup/dashboard_panel.html"

    def get_context_data(self, parent_context):
        rows, (previous, current) = panel_rows()
        return {
            "panel_id": self.name,
            "title": _("Follow-up: this month and the previous one"),
            "rows": rows,
            "previous": month_label(previous),
            "current": month_label(current),
            "index_url": reverse("hyte_followup:index"),
        }
