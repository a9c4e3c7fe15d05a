"""Which partners a user may see and manage in the admin.

The default is the ``PARTNER_SCOPE`` setting's value; a site may point that
setting at its own callable (for example one reading memberships from SSO).
"""

from django.db.models import QuerySet

VIEW_ALL_PERMISSION = "wagtail_hyte_partners.view_all_partners"


def partners_for_user(user) -> QuerySet:
    """All partners for superusers and holders of ``view_all_partners``
    (coordinators, editors, auditors); otherwise the user's own partners."""
    from .models import Partner

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Partner.objects.none()
    if user.is_superuser or user.has_perm(VIEW_ALL_PERMISSION):
        return Partner.objects.all()
    return Partner.objects.filter(memberships__user=user).distinct()


def partner_scope(user) -> QuerySet:
    """Resolve the configured scope callable and apply it."""
    from wagtail_hyte.core.conf import hyte_settings

    return hyte_settings.PARTNER_SCOPE(user)


def user_partner_ids(user) -> set[int]:
    return set(partner_scope(user).values_list("pk", flat=True))
