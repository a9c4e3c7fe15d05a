"""Small-cell protection for figures derived from referrals or client feedback.

A count of 1 .. N-1 (``WAGTAIL_HYTE["FOLLOW_UP_SMALL_CELL"]``, default 5) is
shown as "< N", and a figure computed from fewer than N referrals (an average,
a median, a share) is not shown at all: a small group can point at a person.
Zeros are shown; they reveal nobody. ``wagtail_hyte.followup.figures`` applies
the same rule to the follow-up measures.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from wagtail_hyte.core.conf import hyte_settings


def threshold() -> int:
    return max(1, int(hyte_settings.FOLLOW_UP_SMALL_CELL))


def is_small(count: int) -> bool:
    return 0 < count < threshold()


def hidden_label() -> str:
    return _("< %(threshold)s") % {"threshold": threshold()}


def show_count(count: int) -> str:
    return hidden_label() if is_small(count) else str(count)


def enough(base: int) -> bool:
    """Whether a figure computed from ``base`` items may be shown."""
    return base >= threshold()
