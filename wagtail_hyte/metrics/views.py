from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail_hyte.core.adminviews import HyteAdminMixin

from .report import usage_report

PERMISSION = "wagtail_hyte_metrics.view_usage_figures"


class UsageReportView(HyteAdminMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "wagtail_hyte/metrics/usage_report.html"
    page_title = _("Usage figures")
    header_icon = "view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            days = min(366, max(1, int(self.request.GET.get("days", 30))))
        except ValueError:
            days = 30
        context["report"] = usage_report(timezone.localdate(), days)
        context["days"] = days
        return context
