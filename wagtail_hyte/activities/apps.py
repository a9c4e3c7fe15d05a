from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.dependencies import require_dependencies


class HyteActivitiesConfig(AppConfig):
    name = "wagtail_hyte.activities"
    label = "wagtail_hyte_activities"
    verbose_name = _("HYTE activity catalogue")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        require_dependencies(self)  # named missing apps, before Django's errors
        super().import_models()

    def ready(self):
        from . import cache, checks, receivers  # noqa: F401  (checks registers system checks)

        receivers.connect()
        cache.connect()
