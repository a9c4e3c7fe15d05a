"""How API callers authenticate: staff in the browser with their admin session
(CSRF checked on every unsafe method), integrations with an API token."""

from __future__ import annotations

from rest_framework.authentication import SessionAuthentication


class StaffSessionAuthentication(SessionAuthentication):
    """The Wagtail admin session; an inactive user is refused as in the admin."""
