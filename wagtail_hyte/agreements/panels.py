"""Dashboard panels for coordinators: agreements expiring soon, quotas nearly used."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from .models import EXPIRING_DAYS
from .services import HIGH_USE_PERCENT, high_use


class _AgreementPanel(Component):
    template_name = "wagtail_hyte/agreements/dashboard_panel.html"

    def __init__(self, queryset):
        self.queryset = queryset


class ExpiringAgreementsPanel(_AgreementPanel):
    name = "hyte_expiring_agreements"
    order = 150

    def get_context_data(self, parent_context):
        agreements = self.queryset.expiring().select_related("partner").order_by("valid_to")
        return {
            "panel_id": self.name,
            "title": _("Agreements expiring within %(days)s days") % {"days": EXPIRING_DAYS},
            "value_label": _("Valid to"),
            "empty_text": _("No agreement expires soon."),
            "agreements": [(a, date_format(a.valid_to)) for a in agreements],
        }


class QuotaNearlyUsedPanel(_AgreementPanel):
    name = "hyte_quota_nearly_used"
    order = 160

    def get_context_data(self, parent_context):
        rows = [
            (a, f"{status.used} / {status.quota}")
            for a, status in high_use(self.queryset.select_related("partner"))
        ]
        return {
            "panel_id": self.name,
            "title": _("Quotas used %(percent)s%% or more") % {"percent": HIGH_USE_PERCENT},
            "value_label": _("Used this period"),
            "empty_text": _("No quota is nearly used."),
            "agreements": rows,
        }
