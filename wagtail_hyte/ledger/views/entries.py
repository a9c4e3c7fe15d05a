from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import BaseListingView

from wagtail_hyte.core.adminviews import HyteAccessMixin
from wagtail_hyte.core.paginator import CountLabelPaginator

from ..display import readable
from ..kinds import PERSONAL_DATA_READ, PERSONAL_DATA_READ_REFUSED
from ..models import LedgerEntry
from .access import AUDIT_PERMISSION
from .columns import (
    ActorColumn,
    KindColumn,
    PayloadColumn,
    PayloadValueColumn,
    SubjectsColumn,
    TimeColumn,
)
from .filters import LedgerEntryFilterSet, ReadFilterSet


class LedgerEntryIndexView(HyteAccessMixin, BaseListingView):
    """Every ledger entry, newest first, filterable by kind, actor, time and subject.

    Actors, partners, purposes and codes are shown in words (``display``): the
    page's users, memberships and partners are looked up in bulk in
    ``get_table``, so the number of queries does not grow with the rows.
    """

    permission_required = AUDIT_PERMISSION
    model = LedgerEntry
    page_title = _("Ledger")
    header_icon = "list-ul"
    paginate_by = 50
    paginator_class = CountLabelPaginator
    default_ordering = "-seq"
    filterset_class = LedgerEntryFilterSet
    index_url_name = "hyte_ledger:entries"
    index_results_url_name = "hyte_ledger:entries_results"
    verbose_name = _("ledger entry")
    verbose_name_plural = _("ledger entries")
    columns = [
        Column("seq", label=_("No."), sort_key="seq", width="6%"),
        TimeColumn("created_at", label=_("Time"), sort_key="created_at"),
        KindColumn("kind", label=_("Kind")),
        ActorColumn("actor", label=_("Actor")),
        SubjectsColumn("subjects", label=_("Subjects")),
        PayloadColumn("payload", label=_("Details")),
    ]

    def get_index_url(self):
        return reverse(self.index_url_name)

    def get_base_queryset(self):
        return LedgerEntry.objects.all()

    def get_table(self, object_list):
        return super().get_table(readable(object_list))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["no_results_message"] = _("No ledger entries match.")
        return context


class PersonalDataReadsView(LedgerEntryIndexView):
    """Who read which subject's personal data, when and why; refused reads too."""

    page_title = _("Personal data reads")
    header_icon = "view"
    filterset_class = ReadFilterSet
    index_url_name = "hyte_ledger:reads"
    index_results_url_name = "hyte_ledger:reads_results"
    columns = [
        Column("seq", label=_("No."), sort_key="seq", width="6%"),
        TimeColumn("created_at", label=_("Time"), sort_key="created_at"),
        ActorColumn("actor", label=_("Read by")),
        SubjectsColumn("subjects", label=pgettext_lazy("data subject", "Subject")),
        PayloadValueColumn("purpose", "purpose", label=_("Purpose")),
        PayloadValueColumn("recipient", "recipient", label=_("Recipient partner")),
        KindColumn("kind", label=_("Kind")),
        PayloadValueColumn("reason", "reason", label=_("Refused because")),
    ]

    def get_base_queryset(self):
        return LedgerEntry.objects.filter(kind__in=[PERSONAL_DATA_READ, PERSONAL_DATA_READ_REFUSED])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["no_results_message"] = _("No personal data has been read.")
        return context
