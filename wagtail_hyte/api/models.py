"""API tokens: how an integration (a patient information system, a partner's
own system) calls the REST API as a named user.

A token row holds no secret. The secret is ``hyte_`` followed by 43 URL-safe
characters (``secrets.token_urlsafe(32)``, 256 random bits); the row keeps
the first 8 of those characters (``prefix``, shown in the admin and used to
find the row) and the SHA-256 digest of the whole secret (``digest``). It is
written and changed only by the services in ``tokens.py``; its Meta holds the
two permissions of the token admin.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .scopes import SCOPES

#: Every token starts with this, so a leaked one is recognisable (secret scanners).
TOKEN_PREFIX = "hyte_"  # noqa: S105 (a public marker, not a secret)
#: Characters of the random part kept as ``prefix``.
PREFIX_LENGTH = 8


class TokenStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Tokens that authenticate at ``now``: not revoked, not expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)

    def unusable(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(revoked_at__isnull=False) | Q(expires_at__lte=now))


class ApiToken(models.Model):
    """One client system's token, acting as ``user``.

    Every request made with it is that user's request: the user's own
    permissions and the apps' access rules decide, and the ledger's actor of
    whatever it does is the user. ``scopes`` only narrow what the token may be
    used for (``scopes.SCOPES``, checked by ``permissions.HasScope``).
    """

    name = models.CharField(
        _("client system"),
        max_length=100,
        help_text=_("The system that uses the token, e.g. the patient information system."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as"),
        on_delete=models.PROTECT,
        related_name="hyte_api_tokens",
    )
    scopes = models.JSONField(_("scopes"), default=list)
    prefix = models.CharField(_("token begins"), max_length=PREFIX_LENGTH, unique=True)
    digest = models.CharField(_("SHA-256 digest of the token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        default_permissions = ()
        # roles.py: coordinators both, auditors view.
        permissions = [
            ("view_apitoken", _("Can view API tokens")),
            ("manage_apitoken", _("Can create and revoke API tokens")),
        ]

    @classmethod
    def count_label(cls, n: int) -> str:
        """The listing count (core/paginator.py)."""
        return ngettext("%(count)s API token", "%(count)s API tokens", n) % {"count": n}

    def __str__(self):
        return f"{self.name} ({self.display_prefix})"

    @property
    def display_prefix(self) -> str:
        """How the token is named on screen: ``hyte_AbCd1234…``."""
        return f"{TOKEN_PREFIX}{self.prefix}…"

    @property
    def scope_set(self) -> frozenset[str]:
        """The token's scopes (``permissions.HasScope`` reads this)."""
        return frozenset(self.scopes or ())

    def scope_labels(self) -> list:
        return [SCOPES.get(scope, scope) for scope in sorted(self.scope_set)]

    def status(self, now=None) -> str:
        if self.revoked_at is not None:
            return TokenStatus.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return TokenStatus.EXPIRED
        return TokenStatus.ACTIVE

    def get_status_display(self, now=None):
        return TokenStatus(self.status(now)).label
