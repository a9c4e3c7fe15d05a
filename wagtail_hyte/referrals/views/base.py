from django.core.exceptions import PermissionDenied
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
