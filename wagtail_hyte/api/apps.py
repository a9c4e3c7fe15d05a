from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.dependencies import require_dependencies


class HyteApiConfig(AppConfig):
    """Open interfaces: the REST API (``/api/hyte/v1/``), the Open Referral
    HSDS 3.0 catalogue (``/api/hsds/``) and FHIR R4 referral resources
    (``/api/fhir/``). It reads every other HYTE app and calls their services
    and access functions; none reads it."""

    name = "wagtail_hyte.api"
    label = "wagtail_hyte_api"
    verbose_name = _("HYTE interfaces")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        require_dependencies(self)
        super().import_models()

    def ready(self):
        # The API token ledger kinds, for the auditor views and their filters.
        from . import checks, kinds  # noqa: F401
