"""The columns of the referral listings and the figures table (Wagtail's admin tables).

Listings show and export only what identifies a referral, never the client:
the short reference, activity, partner, status and dates.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, Table, TitleColumn

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


class FigureColumn(Column):
    """A figure, or "–" when there is nothing to compute it from."""

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
        FigureColumn("average_days", label=_("Average days to first action")),
        FigureColumn("acceptance_rate", label=_("Acceptance rate"), suffix=" %"),
    ]


def figures_table(figures):
    return Table(figure_columns(), figures, caption=_("Response figures per partner"))


#: The figures' spreadsheet export: (attribute, heading), no personal data.
FIGURE_EXPORT = [
    ("partner_name", _("Partner")),
    ("referrals", _("Referrals")),
    ("open", _("Open")),
    ("overdue", _("Overdue")),
    ("average_days", _("Average days to first action")),
    ("acceptance_rate", _("Acceptance rate (%)")),
]
