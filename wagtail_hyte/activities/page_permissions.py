"""Partner staff edit the activity pages their organisation organises.

Wagtail grants page permissions to groups on a subtree; an organiser is a field
of the page, not a place in the tree. So ``ActivityPage.permissions_for_user``
returns :class:`OrganiserPagePermissionTester`: Wagtail's own tester with the
actions of ``PARTNER_PAGE_EDITING`` added when the user

* holds ``wagtail_hyte_activities.edit_own_activity_pages`` (the partner staff
  role has it), and
* is a member of the page's organiser, inside their partner scope.

Every Wagtail page view that asks the page (edit, revisions, workflow actions)
then follows it. Wagtail 8's per-page-type views (preview, for one) ask the
page type's permission policy instead: :class:`OrganiserPagePermissionPolicy`
is registered for ``ActivityPage`` and answers the same (where Wagtail has no
policy registry, the tester alone is asked). The added actions never include
adding, deleting, moving, copying or privacy settings: those stay with the
editors' group permissions. The page's action history is shown to holders of
a group page permission only (Wagtail's history view asks the Page policy).

``PARTNER_PAGE_EDITING`` (see docs/configuration.md):

* ``"moderated"`` (default): edit and save drafts; publishing goes through the
  page's Wagtail workflow (Submit for moderation), or an editor publishes;
* ``"publish"``: edit and publish (and unpublish) directly;
* ``"off"``: nothing is added.
"""

from __future__ import annotations

import contextlib

from wagtail.models import PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.partners.scoping import partner_scope

EDIT_OWN = "wagtail_hyte_activities.edit_own_activity_pages"

MODES = {
    "off": frozenset(),
    "moderated": frozenset({"change"}),
    "publish": frozenset({"change", "publish"}),
}

_CACHE_ATTRIBUTE = "_hyte_organiser_ids"


def organiser_actions() -> frozenset[str]:
    """The page actions ``PARTNER_PAGE_EDITING`` gives the organiser's staff."""
    return MODES.get(hyte_settings.PARTNER_PAGE_EDITING, frozenset())


def organiser_ids(user) -> frozenset[int]:
    """Ids of the partners whose activity pages ``user`` may edit as their staff.

    Cached on the user object (one query per request, however many pages ask).
    """
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    ids: frozenset[int] = frozenset()
    if (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and organiser_actions()
        and user.has_perm(EDIT_OWN)
    ):
        ids = frozenset(
            partner_scope(user).filter(memberships__user=user).values_list("pk", flat=True)
        )
    with contextlib.suppress(AttributeError):  # AnonymousUser and the like
        setattr(user, _CACHE_ATTRIBUTE, ids)
    return ids


def editable_activity_pages(user):
    """The activity pages ``user`` edits as their organiser's staff."""
    from .models import ActivityPage

    return ActivityPage.objects.filter(organiser_id__in=organiser_ids(user))


class OrganiserPagePermissionTester(PagePermissionTester):
    """Wagtail's tester, plus the organiser's staff actions on this page.

    ``organiser_permissions`` holds the actions added here (and not already
    granted by a group); the tests Wagtail would pass on them for deleting,
    moving, copying and view restrictions are answered from the group
    permissions alone.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        self.organiser_permissions: frozenset[str] = frozenset()
        if not user.is_active or user.is_superuser:
            return
        organiser_id = getattr(page, "organiser_id", None)
        if organiser_id is not None and organiser_id in organiser_ids(user):
            self.organiser_permissions = organiser_actions() - self.permissions
            self.permissions = self.permissions | self.organiser_permissions

    def _group_permissions_only(self, test, *args, **kwargs):
        if not self.organiser_permissions:
            return test(*args, **kwargs)
        added = self.permissions
        self.permissions = added - self.organiser_permissions
        try:
            return test(*args, **kwargs)
        finally:
            self.permissions = added

    def can_delete(self, ignore_bulk=False):
        return self._group_permissions_only(super().can_delete, ignore_bulk=ignore_bulk)

    def can_copy(self):
        return self._group_permissions_only(super().can_copy)

    def can_set_view_restrictions(self):
        return self._group_permissions_only(super().can_set_view_restrictions)


class OrganiserPagePermissionPolicy(PagePermissionPolicy):
    """The page policy for ``ActivityPage``: group page permissions, plus the
    organiser's staff actions on their own organisers' pages."""

    def _organiser_actions(self, user, actions) -> bool:
        return bool(set(actions) & organiser_actions()) and bool(organiser_ids(user))

    def user_has_any_permission(self, user, actions):
        if super().user_has_any_permission(user, actions):
            return True
        return self._base_user_has_permission(user) is None and self._organiser_actions(
            user, actions
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if super().user_has_any_permission_for_instance(user, actions, instance):
            return True
        if self._base_user_has_permission(user) is not None:
            return False
        return self._organiser_actions(user, actions) and getattr(
            instance, "organiser_id", None
        ) in organiser_ids(user)

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        if self._base_user_has_permission(user) is None and self._organiser_actions(user, actions):
            pages = pages | self.model._default_manager.filter(organiser_id__in=organiser_ids(user))
        return pages


def register_organiser_policy() -> None:
    """Register :class:`OrganiserPagePermissionPolicy` for ``ActivityPage``
    (Wagtail versions with ``wagtail.permissions.register_permission_policy``)."""
    try:
        from wagtail.permissions import policy_registry, register_permission_policy
    except ImportError:  # pragma: no cover - Wagtail without a policy registry
        return
    from .models import ActivityPage

    registered = policy_registry.get_by_type(ActivityPage, fallback=False)
    if isinstance(registered, OrganiserPagePermissionPolicy):
        return
    register_permission_policy(ActivityPage, OrganiserPagePermissionPolicy(ActivityPage))


def activity_page_viewset():
    """Wagtail 8 routes page views by page type; with a viewset of its own,
    ``ActivityPage``'s views (preview, for one) ask its policy instead of the
    Page policy. ``None`` on Wagtail versions without per-type page viewsets.
    It changes nothing else: no menu item, no listing of its own."""
    try:
        from wagtail.admin.viewsets.pages import PageViewSet, page_viewset_registry  # noqa: F401
    except ImportError:  # pragma: no cover - Wagtail 7.x
        return None
    from .models import ActivityPage

    class ActivityPageViewSet(PageViewSet):
        model = ActivityPage
        parent_models = ()

    return ActivityPageViewSet()
