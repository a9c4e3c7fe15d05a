"""A referral's status in FHIR terms, both ways: the one table of the mapping.

A referral's state is its status and, once cancelled, its cancellation reason
(``referrals.models``). It reads as a ``Task`` status with a ``statusReason``
(SDOH Clinical Care's referral Task) and as a ``ServiceRequest`` status. A Task
update goes the other way: the Task status, and its reason where one status
stands for several states, name the state the partner reports, and
``target_state`` finds it in the same table.
"""

from __future__ import annotations

from typing import NamedTuple

from wagtail_hyte.referrals.models import CancellationReason as R
from wagtail_hyte.referrals.models import ReferralStatus as S

from .codes import CONSENT_WITHDRAWN


class State(NamedTuple):
    status: str
    reason: str = ""  # a cancellation reason; "" for every other status


#: A referral's state -> its Task status. The only place the mapping is written.
TASK_STATUS: dict[State, str] = {
    State(S.SENT): "requested",
    State(S.ACCEPTED): "accepted",
    State(S.SUCCEEDED): "completed",
    State(S.CANCELLED, R.NOT_REACHED): "failed",
    State(S.CANCELLED, R.DECLINED): "cancelled",
    State(S.CANCELLED, R.LIFE_CHANGED): "cancelled",
    State(S.CANCELLED, R.OTHER): "cancelled",
    State(S.CANCELLED, R.WRONG_REFERRAL): "rejected",
    State(S.WITHDRAWN): "cancelled",
}

#: Task statuses that must carry a statusReason (SDOH Clinical Care).
REASON_REQUIRED = frozenset({"failed", "cancelled", "rejected", "on-hold"})

#: A referral status -> its ServiceRequest status (FHIR request-status).
SERVICE_REQUEST_STATUS: dict[str, str] = {
    S.SENT: "active",
    S.ACCEPTED: "active",
    S.SUCCEEDED: "completed",
    S.CANCELLED: "revoked",
    S.WITHDRAWN: "revoked",
}


def state_of(referral) -> State:
    if referral.status == S.CANCELLED:
        return State(S.CANCELLED, referral.cancellation_reason)
    return State(referral.status)


def reason_code(state: State) -> str:
    """The statusReason code of ``state`` ("" when it has none)."""
    if state.status == S.WITHDRAWN:
        return CONSENT_WITHDRAWN
    return state.reason


def task_status(referral) -> str:
    return TASK_STATUS[state_of(referral)]


def states_for_task_status(status: str) -> list[State]:
    """The referral states that read as the Task ``status`` (for search and updates)."""
    return [state for state, task in TASK_STATUS.items() if task == status]


def statuses_for_service_request_status(status: str) -> list[str]:
    return [referral for referral, request in SERVICE_REQUEST_STATUS.items() if request == status]


def target_state(status: str, reason: str) -> State | None:
    """The state a Task update with ``status`` and the statusReason code ``reason``
    asks for, or None when the table has no such state (or it needs a reason
    that is missing). One status that stands for one state needs no reason; a
    reason that is given must be that state's."""
    states = states_for_task_status(status)
    if reason:
        states = [state for state in states if reason_code(state) == reason]
    return states[0] if len(states) == 1 else None
