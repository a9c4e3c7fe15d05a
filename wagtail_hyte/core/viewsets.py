"""Helpers for Wagtail viewsets whose rows are visible to some users only.

A viewset using :class:`ScopedViewSetMixin` must have a permission policy with
``scope_queryset(user, queryset)``. Every view the viewset builds then

* lists only rows in the user's scope, and
* refuses (403) any URL naming a row outside it (edit, delete, inspect,
  history, usage, copy, revisions ...), before the view loads the row.

Menus hiding things is never the protection; this is.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied


class ScopedViewMixin:
    scope_policy = None

    def setup(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None and self.scope_policy is not None:
            model = self.scope_policy.model
            visible = self.scope_policy.scope_queryset(
                request.user, model._default_manager.filter(pk=unquote(str(pk)))
            )
            if not visible.exists():
                raise PermissionDenied
        super().setup(request, *args, **kwargs)

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.scope_policy is not None and queryset.model is self.scope_policy.model:
            queryset = self.scope_policy.scope_queryset(self.request.user, queryset)
        return queryset


class ScopedViewSetMixin:
    """Mix into a ModelViewSet / SnippetViewSet whose permission_policy scopes rows."""

    def construct_view(self, view_class, **kwargs):
        scoped_class = type(
            f"Scoped{view_class.__name__}",
            (ScopedViewMixin, view_class),
            {"scope_policy": self.permission_policy},
        )
        return super().construct_view(scoped_class, **kwargs)


def register_policy(model, policy) -> None:
    """Register a permission policy for ``model`` the way this Wagtail version wants.

    Wagtail 8 keeps a registry (``wagtail.permissions.register_permission_policy``);
    Wagtail 7.4 takes the policy from the viewset's ``permission_policy``, which
    HYTE viewsets also return.
    """
    try:
        from wagtail.permissions import register_permission_policy
    except ImportError:  # Wagtail < 8
        return
    register_permission_policy(model, policy)
