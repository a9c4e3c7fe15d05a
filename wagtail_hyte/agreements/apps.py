from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.dependencies import require_dependencies


class HyteAgreementsConfig(AppConfig):
    name = "wagtail_hyte.agreements"
    label = "wagtail_hyte_agreements"
    verbose_name = _("HYTE partner agreements")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        require_dependencies(self)  # named missing apps, before Django's errors
        super().import_models()
