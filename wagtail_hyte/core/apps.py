from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.dependencies import require_dependencies


class HyteCoreConfig(AppConfig):
    name = "wagtail_hyte.core"
    label = "wagtail_hyte_core"
    verbose_name = _("HYTE core")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        require_dependencies(self)  # named missing apps, before Django's errors
        super().import_models()

    def ready(self):
        # The system checks; the shorter session for personal-data roles.
        from . import checks, sessions  # noqa: F401
