"""How actors are written in the ledger: ``user:<pk>`` or ``system:<name>``.

Only ids, never names or usernames, so the ledger holds no personal data of
staff either.
"""

from __future__ import annotations

import re

SYSTEM_PATTERN = re.compile(r"^[a-z][a-z0-9_.-]{0,60}$")


def actor_label(actor) -> str:
    """Accept a user, ``"system:<name>"`` or an already formatted ``"user:<pk>"``."""
    if isinstance(actor, str):
        prefix, _sep, rest = actor.partition(":")
        if prefix == "system" and SYSTEM_PATTERN.match(rest):
            return actor
        if prefix == "user" and rest.isdigit():
            return actor
        raise ValueError("actor must be a user or 'system:<name>'")
    pk = getattr(actor, "pk", None)
    if pk is None or not getattr(actor, "is_authenticated", False):
        raise ValueError("actor must be a saved, authenticated user or 'system:<name>'")
    return f"user:{pk}"
