from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail_hyte.core.adminviews import HyteAdminMixin

from ..contact import DATA_CATEGORIES
from ..display import purpose_label, readable
from ..kinds import kind_label
from ..models import LedgerEntry, Subject
from .access import AUDIT_PERMISSION


class SubjectTimelineView(HyteAdminMixin, TemplateView):
    """A subject's consents and every ledger event about it, oldest first."""

    permission_required = AUDIT_PERMISSION
    template_name = "wagtail_hyte/ledger/subject_timeline.html"
    page_title = _("Consent timeline")
    header_icon = "history"

    def get_page_subtitle(self):
        return str(self.subject.pk)[:8]

    def get_parent_breadcrumbs_items(self):
        return [{"url": reverse("hyte_ledger:entries"), "label": _("Ledger")}]

    def get(self, request, *args, subject_id=None, **kwargs):
        try:
            self.subject = Subject.objects.get(pk=subject_id)
        except Subject.DoesNotExist:
            raise Http404 from None
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = readable(LedgerEntry.objects.for_subject(self.subject.pk).order_by("seq"))
        consents = list(
            self.subject.consents.select_related("recipient", "notice").order_by("given_at")
        )
        for consent in consents:  # codes in words, as in the ledger listings
            consent.purpose_label = purpose_label(consent.purpose) or consent.purpose
            consent.category_labels = [
                str(DATA_CATEGORIES.get(code, code)) for code in consent.data_categories
            ]
        context.update(
            subject=self.subject,
            consents=consents,
            events=[(entry, kind_label(entry.kind)) for entry in entries],
        )
        return context
