"""How staff are named to other people (the partner, the client, the auditor)."""

from __future__ import annotations


def person_name(user) -> str:
    """The user's full name, or the username when no name is set."""
    return (user.get_full_name() or "").strip() or user.get_username()
