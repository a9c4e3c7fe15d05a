from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from .models import AgreementStatus
from .services import quota_status


class QuotaColumn(Column):
    """This period's quota use as a labelled bar (a <meter>) with the figures."""

    cell_template_name = "wagtail_hyte/agreements/quota_cell.html"

    def __init__(self, name="quota_use", **kwargs):
        kwargs.setdefault("label", _("Quota this period"))
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["status"] = (
            quota_status(instance) if instance.status == AgreementStatus.ACTIVE else None
        )
        return context


class LocalDateColumn(Column):
    """A date in the site's date format (Wagtail's ``DateColumn`` shows a timesince,
    which says "just now" for every date in the future), in a ``<time>`` element;
    ``empty`` is shown for no date (e.g. an open-ended agreement's end)."""

    cell_template_name = "wagtail_hyte/agreements/date_cell.html"

    def __init__(self, name, *, empty="", **kwargs):
        self.empty = empty
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        value = context["value"]
        context["display"] = date_format(value) if value else self.empty
        return context
