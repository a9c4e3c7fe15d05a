from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HyteCoreConfig(AppConfig):
    name = "wagtail_hyte.core"
    label = "wagtail_hyte_core"
    verbose_name = _("HYTE core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The system checks; the shorter session for personal-data roles.
        from . import checks, sessions  # noqa: F401
