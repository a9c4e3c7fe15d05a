from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.dependencies import require_dependencies


class HyteMetricsConfig(AppConfig):
    name = "wagtail_hyte.metrics"
    label = "wagtail_hyte_metrics"
    verbose_name = _("HYTE usage figures")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        require_dependencies(self)  # named missing apps, before Django's errors
        super().import_models()

    def ready(self):
        from . import receivers  # noqa: F401  (connects to the catalogue's signals)
