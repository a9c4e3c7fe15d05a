"""Permission policies that add the partner scope to Wagtail's model permissions.

Model permissions say *what* a role may do; the scope says *to which partners*.
Both must allow an action.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from .scoping import partner_scope


class PartnerScopedPermissionPolicy(ModelPermissionPolicy):
    """For models whose instances belong to a partner.

    ``partner_lookup`` is the ORM path from the model to its Partner ("" for the
    Partner model itself).
    """

    def __init__(self, model, partner_lookup: str, **kwargs):
        super().__init__(model, **kwargs)
        self.partner_lookup = partner_lookup

    def _scoped(self, user, queryset):
        partners = partner_scope(user)
        if not self.partner_lookup:
            return queryset.filter(pk__in=partners.values("pk"))
        return queryset.filter(**{f"{self.partner_lookup}__in": partners.values("pk")})

    def scope_queryset(self, user, queryset):
        return self._scoped(user, queryset)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return self._scoped(user, self.model._default_manager.filter(pk=instance.pk)).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_permission_for(self, user, action):
        return self._scoped(user, super().instances_user_has_permission_for(user, action))

    def instances_user_has_any_permission_for(self, user, actions):
        return self._scoped(user, super().instances_user_has_any_permission_for(user, actions))
