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
