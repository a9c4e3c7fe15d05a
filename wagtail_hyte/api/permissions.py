"""Permission classes of the HYTE API. They ask the apps' own access functions
(``referrals.access`` and the like) through the view; here is only what is
about the API itself: the token's scopes."""

from __future__ import annotations

from rest_framework.permissions import BasePermission


def token_scopes(request) -> frozenset[str] | None:
    """The scopes of the token behind ``request``; None for a session (not limited)."""
    token = getattr(request, "auth", None)
    scopes = getattr(token, "scope_set", None)
    return None if scopes is None else frozenset(scopes)


class HasScope(BasePermission):
    """The view's ``required_scopes`` (``{"GET": "referrals:read", ...}``, or one
    ``required_scope`` for every method) must be among the token's scopes.
    A request without a token (the admin session) is not limited by scopes."""

    def has_permission(self, request, view) -> bool:
        scopes = token_scopes(request)
        if scopes is None:
            return True
        needed = getattr(view, "required_scopes", {}).get(request.method) or getattr(
            view, "required_scope", None
        )
        if needed is None and request.method in ("HEAD", "OPTIONS"):
            needed = getattr(view, "required_scopes", {}).get("GET")
        return needed is not None and needed in scopes


class AdminViewAccess(BasePermission):
    """Whoever may open the admin view the API view mirrors (the view's
    ``admin_view``, a ``core.adminviews.HyteAccessMixin``): its own
    ``user_has_access`` decides, so the API refuses exactly whom the admin refuses."""

    def has_permission(self, request, view) -> bool:
        return bool(view.admin_view.user_has_access(request.user))
