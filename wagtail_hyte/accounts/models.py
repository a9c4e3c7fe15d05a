"""Who a single sign-on user is at their identity provider.

A user who signs in through OpenID Connect is found by the pair (issuer,
subject) the provider vouches for in its signed ID token, never by an email
address or a name: those can change hands at the provider, the subject never
does. The second factor models are django-otp's own.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExternalIdentity(models.Model):
    """One account at one identity provider, linked to one local user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="hyte_external_identities",
        verbose_name=_("user"),
    )
    #: The provider's ``iss``, exactly as configured (``WAGTAIL_HYTE["SSO"]["ISSUER"]``).
    issuer = models.CharField(_("issuer"), max_length=255)
    #: The provider's ``sub``: stable and never reassigned for this issuer.
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last signed in"), null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="hyte_accounts_identity_issuer_subject"
            )
        ]

    def __str__(self):
        # Ids only: the subject is the provider's identifier of a person.
        return f"{self.__class__.__name__} {self.pk}"
