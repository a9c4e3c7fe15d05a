"""The columns of the referral listings and the figures table (Wagtail's admin tables).

Listings show and export only what identifies a referral, never the client:
the short reference, activity, partner, status and dates.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, Table, TitleColumn

from .smallcells import show_count

CELLS = "wagtail_hyte/referrals/cells/"


class ReferralTable(Table):
    """Marks overdue referrals (a coloured edge and an "Overdue" tag in the status)."""

    def get_row_classname(self, instance):
        return "hyte-overdue-row" if instance.overdue else ""


class ReferenceColumn(TitleColumn):
    """The short reference, linked to ``url_name`` (given the pk) when set."""

    def __init__(self, name="reference", url_name=None, **kwargs):
        kwargs.setdefault("label", _("Referral"))
        kwargs.setdefault("accessor", "short_reference")
        kwargs.setdefault("sort_key", "reference")
        super().__init__(name, url_name=url_name, **kwargs)


class ShortDateColumn(Column):
    cell_template_name = CELLS + "date.html"


class StatusColumn(Column):
    """The status tag, "Overdue", and (``failures=True``) failed notifications."""

    cell_template_name = CELLS + "status.html"

    def __init__(self, name="status", failures=False, **kwargs):
        kwargs.setdefault("label", _("Status"))
        kwargs.setdefault("sort_key", "status")
        self.failures = failures
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context.update(referral=instance, failures=self.failures)
        return context


class OutcomeColumn(Column):
    def get_value(self, instance):
        if instance.cancellation_reason:
            return instance.get_cancellation_reason_display()
        if instance.status == "succeeded":
            return _("The client joined")
        return "–"


class OwnReferralActionsColumn(Column):
    """The professional's receipt and withdrawal links (none once withdrawn)."""

    cell_template_name = CELLS + "own_actions.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["referral"] = instance
        if instance.status != "withdrawn":
            context["receipt_url"] = reverse("hyte_referrals:receipt", args=[instance.pk])
            context["withdraw_url"] = reverse("hyte_referrals:withdraw", args=[instance.pk])
        return context


def _activity_and_partner():
    return [
        Column(
            "activity", label=_("Activity"), accessor="activity.title", sort_key="activity__title"
        ),
        Column("partner", label=_("Partner"), accessor="partner.name", sort_key="partner__name"),
    ]


def inbox_columns():
    return [
        ReferenceColumn(url_name="hyte_referrals:inbox_detail"),
        *_activity_and_partner(),
        StatusColumn(),
        ShortDateColumn("sent_at", label=_("Sent"), sort_key="sent_at"),
        ShortDateColumn("due_date", label=_("Contact due"), sort_key="due_date"),
    ]


def own_referral_columns():
    return [
        ReferenceColumn(),
        *_activity_and_partner(),
        StatusColumn(failures=True),
        ShortDateColumn("sent_at", label=_("Sent"), sort_key="sent_at"),
        ShortDateColumn("due_date", label=_("Contact due"), sort_key="due_date"),
        OutcomeColumn("outcome", label=_("Outcome")),
        OwnReferralActionsColumn("actions", label=_("Actions")),
    ]


# --- the response figures (referrals.figures.PartnerFigures) ----------------------

#: Counts shown through smallcells ("< 5"); the other figures are None (shown
#: as "–") when computed from too few referrals.
FIGURE_COUNTS = ("referrals", "open", "overdue", "succeeded", "cancelled", "withdrawn")


class ShownFigures:
    """A partner's figures as a table or an export may show them: small counts
    as "< 5" (``smallcells``), so no export can hold the raw number."""

    def __init__(self, figures):
        self.figures = figures

    def __getattr__(self, name):
        value = getattr(self.figures, name)
        if name in FIGURE_COUNTS:
            return show_count(value)
        return value


class FigureColumn(Column):
    """A figure, or "–" when there is nothing (or too little) to compute it from."""

    def __init__(self, name, suffix="", **kwargs):
        self.suffix = suffix
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        value = super().get_value(instance)
        return "–" if value is None else f"{value}{self.suffix}"


def figure_columns():
    return [
        Column("partner_name", label=_("Partner")),
        Column("referrals", label=_("Referrals")),
        Column("open", label=_("Open")),
        Column("overdue", label=_("Overdue")),
        Column("succeeded", label=_("Succeeded")),
        Column("cancelled", label=_("Cancelled")),
        Column("withdrawn", label=_("Withdrawn")),
        FigureColumn("median_days", label=_("Median days to first action")),
        FigureColumn("p90_days", label=_("90% acted within (days)")),
        FigureColumn("promise_rate", label=_("Within the contact promise"), suffix=" %"),
        FigureColumn("acceptance_rate", label=_("Acceptance rate"), suffix=" %"),
    ]


def figures_table(figures):
    return Table(
        figure_columns(),
        [ShownFigures(f) for f in figures],
        caption=_("Response figures per partner"),
    )


#: The figures' spreadsheet export: (attribute of ShownFigures, heading), no personal data.
FIGURE_EXPORT = [
    ("partner_name", _("Partner")),
    ("referrals", _("Referrals")),
    ("open", _("Open")),
    ("overdue", _("Overdue")),
    ("succeeded", _("Succeeded")),
    ("cancelled", _("Cancelled")),
    ("withdrawn", _("Withdrawn")),
    ("average_days", _("Average days to first action")),
    ("median_days", _("Median days to first action")),
    ("p90_days", _("90% acted within (days)")),
    ("promise_rate", _("Within the contact promise (%)")),
    ("acceptance_rate", _("Acceptance rate (%)")),
]
