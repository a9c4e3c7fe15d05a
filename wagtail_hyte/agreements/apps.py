from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HyteAgreementsConfig(AppConfig):
    name = "wagtail_hyte.agreements"
    label = "wagtail_hyte_agreements"
    verbose_name = _("HYTE partner agreements")
    default_auto_field = "django.db.models.BigAutoField"
