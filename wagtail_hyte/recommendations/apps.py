from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HyteRecommendationsConfig(AppConfig):
    name = "wagtail_hyte.recommendations"
    label = "wagtail_hyte_recommendations"
    verbose_name = _("HYTE recommendations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
