from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.dependencies import require_dependencies


class HyteFollowUpConfig(AppConfig):
    """Follow-up of the referral model (seed 004's measures): monthly series,
    the coordinators' Follow-up area, exports and the yearly municipal report.
    It reads every other HYTE app; none reads it."""

    name = "wagtail_hyte.followup"
    label = "wagtail_hyte_followup"
    verbose_name = _("HYTE follow-up")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        require_dependencies(self)
        super().import_models()
