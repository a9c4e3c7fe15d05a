from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.dependencies import require_dependencies


class HyteReferralsConfig(AppConfig):
    name = "wagtail_hyte.referrals"
    label = "wagtail_hyte_referrals"
    verbose_name = _("HYTE wellbeing referrals")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        require_dependencies(self)  # named missing apps, before Django's errors
        super().import_models()

    def ready(self):
        # The referral ledger kinds; the retention hold and erasure of outcome notes;
        # the failed-notification check.
        from . import checks, kinds, receivers  # noqa: F401
