from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.dependencies import require_dependencies


class HyteLedgerConfig(AppConfig):
    name = "wagtail_hyte.ledger"
    label = "wagtail_hyte_ledger"
    verbose_name = _("HYTE consent and audit ledger")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        require_dependencies(self)  # named missing apps, before Django's errors
        super().import_models()

    def ready(self):
        # System checks, built-in kinds, and the receiver that schedules checkpoints.
        from . import checks, kinds, receivers  # noqa: F401
