from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.dependencies import require_dependencies


class HyteRecommendationsConfig(AppConfig):
    name = "wagtail_hyte.recommendations"
    label = "wagtail_hyte_recommendations"
    verbose_name = _("HYTE recommendations")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        require_dependencies(self)  # named missing apps, before Django's errors
        super().import_models()

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
