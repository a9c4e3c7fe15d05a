from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.dependencies import require_dependencies


class HytePartnersConfig(AppConfig):
    name = "wagtail_hyte.partners"
    label = "wagtail_hyte_partners"
    verbose_name = _("HYTE partners")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        require_dependencies(self)  # named missing apps, before Django's errors
        super().import_models()

    def ready(self):
        from wagtail_hyte.core.viewsets import install_log_entry_scope

        # Site history and other log listings show partner staff their own
        # partner's entries only.
        install_log_entry_scope()
