from django.core.exceptions import PermissionDenied
from wagtail.admin.menu import MenuItem

AUDIT_PERMISSION = "wagtail_hyte_ledger.audit_ledger"


def is_auditor(user) -> bool:
    return bool(user and user.is_active and user.has_perm(AUDIT_PERMISSION))


class AuditorRequiredMixin:
    """Refuse (403) everyone without the ``audit_ledger`` permission."""

    def dispatch(self, request, *args, **kwargs):
        if not is_auditor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AuditorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_auditor(request.user)
