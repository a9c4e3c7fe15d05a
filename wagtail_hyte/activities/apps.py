from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HyteActivitiesConfig(AppConfig):
    name = "wagtail_hyte.activities"
    label = "wagtail_hyte_activities"
    verbose_name = _("HYTE activity catalogue")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache, signals

        signals.connect()
        cache.connect()
