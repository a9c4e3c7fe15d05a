from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class HyteAdminView(WagtailAdminTemplateMixin):
    """Admin page whose ``access_test(user)`` runs before anything else (403 if false)."""

    header_icon = "mail"
    access_test = None

    def dispatch(self, request, *args, **kwargs):
        if not (self.access_test and type(self).access_test(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


class PaginatedListingMixin:
    """Pages a listing (``?p=``) and filters it by ``?status=`` (see ``status_choices``)."""

    paginate_by = 50
    default_status = "all"

    def get_status_choices(self):
        from ..models import ReferralStatus

        return [("all", _("All"))] + list(ReferralStatus.choices)

    def filter_status(self, queryset, status):
        return queryset if status == "all" else queryset.filter(status=status)

    def paginate(self, queryset):
        """Context for the status filter and the page of ``queryset``."""
        choices = self.get_status_choices()
        status = self.request.GET.get("status", self.default_status)
        if status not in dict(choices):
            status = self.default_status
        paginator = WagtailPaginator(self.filter_status(queryset, status), self.paginate_by)
        page_obj = paginator.get_page(self.request.GET.get("p"))
        return {
            "referrals": page_obj.object_list,
            "page_obj": page_obj,
            "paginator": paginator,
            "is_paginated": page_obj.has_other_pages(),
            "elided_page_range": paginator.get_elided_page_range(page_obj.number),
            "status": status,
            "status_choices": choices,
        }
