"""The shared plumbing of HYTE's own admin screens.

Every HYTE admin view that is not a Wagtail viewset uses :class:`HyteAdminMixin`
(who may open it, the breadcrumb trail); every HYTE menu item is a
:class:`HyteMenuItem` whose visibility is the same test as its view's; every
app's admin URLs are registered under one namespace with :func:`admin_urls`
(``reverse("hyte_referrals:inbox")``), so no HYTE URL name is global.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

#: The hook every HYTE app registers its menu items with (the "HYTE" group).
MENU_HOOK = "register_hyte_menu_item"

AccessTest = Callable[[object], bool]


def is_active_user(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


class HyteAccessMixin:
    """Refuse (403) before anything else runs unless :meth:`user_has_access`.

    Set ``permission_required`` (a Django permission, ``"app_label.codename"``),
    ``access_test`` (a function of the user), or both (both must pass). A view
    that sets neither refuses everyone: access is never open by omission.
    """

    permission_required: str | None = None
    access_test: AccessTest | None = None

    @classmethod
    def user_has_access(cls, user) -> bool:
        if cls.permission_required is None and cls.access_test is None:
            return False
        if not is_active_user(user):
            return False
        if cls.permission_required is not None and not user.has_perm(cls.permission_required):
            return False
        # Through the class a function attribute stays a plain function of the user.
        return cls.access_test is None or bool(cls.access_test(user))

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_access(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class HyteAdminMixin(HyteAccessMixin, WagtailAdminTemplateMixin):
    """A HYTE admin page: the access check, then Wagtail's admin template with a
    breadcrumb trail ``breadcrumbs_items`` + :meth:`get_parent_breadcrumbs_items`
    + this page's title (and its subtitle, if any, as the sublabel)."""

    def get_parent_breadcrumbs_items(self) -> list[dict]:
        """Crumbs between "Home" and this page (``{"url": ..., "label": ...}``)."""
        return []

    def get_breadcrumbs_items(self):
        current = {"url": "", "label": self.get_page_title()}
        subtitle = self.get_page_subtitle()
        if subtitle:
            current["sublabel"] = subtitle
        return [*self.breadcrumbs_items, *self.get_parent_breadcrumbs_items(), current]


class HyteMenuItem(MenuItem):
    """A HYTE menu item shown to the users ``access_test`` accepts.

    Pass the view class as ``view`` to show the item exactly to those who may
    open the view; ``url_name`` is reversed when the menu is built.
    """

    def __init__(self, label, url_name, *, view=None, access_test=None, **kwargs):
        if access_test is None:
            if view is None:
                raise ImproperlyConfigured("HyteMenuItem needs view or access_test.")
            access_test = view.user_has_access
        self.access_test = access_test
        super().__init__(label, reverse(url_name), **kwargs)

    def is_shown(self, request):
        return bool(self.access_test(request.user))


def register_menu_item(label, url_name, **kwargs) -> None:
    """Add a :class:`HyteMenuItem` to the "HYTE" menu group (kwargs as for it)."""
    hooks.register(MENU_HOOK, lambda: HyteMenuItem(label, url_name, **kwargs))


def admin_urls(prefix: str, namespace: str, patterns: list):
    """One ``path`` for ``register_admin_urls``: ``patterns`` under
    ``admin/<prefix>`` in the URL namespace ``namespace``."""
    return path(prefix, include((patterns, namespace), namespace=namespace))
