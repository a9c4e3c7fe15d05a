from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.dependencies import require_dependencies


class HyteAccountsConfig(AppConfig):
    """Staff sign-in: multi-factor authentication for password users, single
    sign-on with OpenID Connect, roles from claims, re-authentication. Uses
    core and ledger; no app reads it (core's sessions and re-authentication
    check know it only by its URL names)."""

    name = "wagtail_hyte.accounts"
    label = "wagtail_hyte_accounts"
    verbose_name = _("HYTE sign-in")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        require_dependencies(self)
        super().import_models()

    def ready(self):
        # System checks, the ledger kinds of sign-in events and the receivers
        # that ledger every removed second factor.
        from . import checks, kinds, receivers  # noqa: F401
