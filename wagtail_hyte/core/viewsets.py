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


class ScopedChooserViewMixin:
    """Chooser views (choose, results, chosen, chosen-multiple) list and return
    only rows the user may view (or change) and that lie in the user's scope."""

    scope_policy = None

    def _visible(self, queryset):
        policy = self.scope_policy
        user = self.request.user
        allowed = policy.instances_user_has_any_permission_for(user, ["view", "change"])
        queryset = queryset.filter(pk__in=allowed.values("pk"))
        scope = getattr(policy, "scope_queryset", None)
        return scope(user, queryset) if scope else queryset

    def get_object_list(self):
        return self._visible(super().get_object_list())

    def get_object(self, pk):
        return self._visible(self.model_class._default_manager.filter(pk=pk)).get()

    def get_objects(self, pks):
        return self._visible(super().get_objects(pks))


class ChooserPermissionViewSetMixin:
    """Mix into a SnippetViewSet: its chooser honours the viewset's permission
    policy (Wagtail's snippet chooser lists every row to any admin user)."""

    @property
    def chooser_viewset(self):
        viewset = super().chooser_viewset
        policy = self.permission_policy
        original = viewset.construct_view

        def construct_view(view_class, **kwargs):
            if view_class is viewset.create_view_class:
                return original(view_class, **kwargs)
            scoped_class = type(
                f"Scoped{view_class.__name__}",
                (ScopedChooserViewMixin, view_class),
                {"scope_policy": policy},
            )
            return original(scoped_class, **kwargs)

        viewset.construct_view = construct_view
        return viewset


class ScopedViewSetMixin(ChooserPermissionViewSetMixin):
    """Mix into a ModelViewSet / SnippetViewSet whose permission_policy scopes rows."""

    def construct_view(self, view_class, **kwargs):
        scoped_class = type(
            f"Scoped{view_class.__name__}",
            (ScopedViewMixin, view_class),
            {"scope_policy": self.permission_policy},
        )
        return super().construct_view(scoped_class, **kwargs)


# model -> scoping permission policy, for filtering Wagtail's log entries.
SCOPED_POLICIES: dict = {}


def scope_log_entries(user, queryset):
    """Drop log entries about rows of a scoped model that lie outside the user's
    scope (Wagtail's site-history report checks model permissions only)."""
    if getattr(user, "is_superuser", False):
        return queryset
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    for model, policy in SCOPED_POLICIES.items():
        content_type = ContentType.objects.get_for_model(model)
        visible = [
            str(pk)
            for pk in policy.scope_queryset(user, model._default_manager.all()).values_list(
                "pk", flat=True
            )
        ]
        queryset = queryset.exclude(Q(content_type=content_type) & ~Q(object_id__in=visible))
    return queryset


def install_log_entry_scope() -> None:
    """Make ``ModelLogEntry.objects.viewable_by_user`` honour the partner scope."""
    from wagtail.models.audit_log import ModelLogEntryManager

    if getattr(ModelLogEntryManager.viewable_by_user, "_hyte_scoped", False):
        return
    original = ModelLogEntryManager.viewable_by_user

    def viewable_by_user(self, user):
        return scope_log_entries(user, original(self, user))

    viewable_by_user._hyte_scoped = True
    ModelLogEntryManager.viewable_by_user = viewable_by_user


def register_policy(model, policy) -> None:
    """Register a permission policy for ``model`` the way this Wagtail version wants.

    Wagtail 8 keeps a registry (``wagtail.permissions.register_permission_policy``);
    Wagtail 7.4 takes the policy from the viewset's ``permission_policy``, which
    HYTE viewsets also return.
    """
    if hasattr(policy, "scope_queryset"):
        SCOPED_POLICIES[model] = policy
    try:
        from wagtail.permissions import register_permission_policy
    except ImportError:  # Wagtail < 8
        return
    register_permission_policy(model, policy)
