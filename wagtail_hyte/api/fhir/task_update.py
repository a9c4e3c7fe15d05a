"""A partner's system reports a referral's progress by updating its ``Task``.

``read_update`` reads what the update asks for (the Task's ``status``, the
``statusReason`` code where one status stands for several states, ``note`` for
an outcome and, for a withdrawal, ``input`` ``withdrawal-method``);
``apply_update`` makes the same service call as the admin's action for it
(``referrals.services``: ``accept``, ``report_outcome``, ``withdraw``). The
services decide who may do it and whether the referral may move: an illegal
move raises ``IllegalTransition`` and writes nothing. An update to the state the
referral is already in changes nothing.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError, ValidationError

from wagtail_hyte.core.sensitive import sensitive_variables
from wagtail_hyte.referrals import services
from wagtail_hyte.referrals.errors import IllegalTransition
from wagtail_hyte.referrals.models import ReferralStatus as S

from . import codes
from .statuses import REASON_REQUIRED, TASK_STATUS, State, state_of, target_state

#: The services' field names as the Task elements they come from (OperationOutcome.expression).
FIELD_PATHS = {"reason": "Task.statusReason", "note": "Task.note", "method": "Task.input"}


class TaskUpdate(NamedTuple):
    state: State
    note: str = ""
    method: str = ""


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _codes(concept, system: str) -> list[str]:
    """The codes of ``system`` (or without a system) in a CodeableConcept."""
    if not isinstance(concept, dict):
        return []
    return [
        coding["code"]
        for coding in _list(concept.get("coding"))
        if isinstance(coding, dict)
        and isinstance(coding.get("code"), str)
        and coding.get("system") in (None, system)
    ]


def _reason(data: dict, base: str) -> str:
    found = _codes(data.get("statusReason"), codes.system(base, "referral-status-reason"))
    return found[0] if found else ""


def _withdrawal_method(data: dict, base: str) -> str:
    input_system = codes.system(base, "task-input")
    for item in _list(data.get("input")):
        if not isinstance(item, dict):
            continue
        if codes.WITHDRAWAL_METHOD not in _codes(item.get("type"), input_system):
            continue
        if isinstance(item.get("valueCode"), str):
            return item["valueCode"]
        found = _codes(
            {"coding": [item.get("valueCoding")]}, codes.system(base, "consent-collection-method")
        )
        if found:
            return found[0]
    return ""


@sensitive_variables()
def _note(data: dict) -> str:
    notes = [n.get("text") for n in _list(data.get("note")) if isinstance(n, dict)]
    return "\n".join(text for text in notes if isinstance(text, str) and text.strip())


def read_update(data, resource_id: str, base: str) -> TaskUpdate:
    """What the Task body ``data`` asks for; ParseError (400) for a body that is
    not this Task, ValidationError (422) for a status the table does not have."""
    if not isinstance(data, dict) or data.get("resourceType") != "Task":
        raise ParseError(_("The body must be a Task resource."))
    if "id" in data and data["id"] != resource_id:
        raise ParseError(_("The Task's id must be the id in the address."))
    status = data.get("status")
    if not isinstance(status, str) or status not in set(TASK_STATUS.values()):
        raise ValidationError(
            {
                "Task.status": [
                    _("A Task update can set the status to: %(statuses)s.")
                    % {"statuses": ", ".join(sorted(set(TASK_STATUS.values())))}
                ]
            }
        )
    reason = _reason(data, base)
    state = target_state(status, reason)
    if state is None:
        if not reason and status in REASON_REQUIRED:
            message = _("This status needs a statusReason with one of HYTE's reason codes.")
        else:
            message = _("This statusReason does not go with this status.")
        raise ValidationError({"Task.statusReason": [message]})
    if state.status == S.WITHDRAWN:
        return TaskUpdate(state, method=_withdrawal_method(data, base))
    if state.status in (S.SUCCEEDED, S.CANCELLED):
        return TaskUpdate(state, note=_note(data))
    return TaskUpdate(state)


@sensitive_variables()
def apply_update(referral, update: TaskUpdate, *, user):
    """Make the service call ``update`` stands for; returns the referral as it is now."""
    if state_of(referral) == update.state:
        return referral
    status, reason = update.state
    if status == S.ACCEPTED:
        return services.accept(referral, user=user)
    if status == S.SUCCEEDED:
        return services.report_outcome(referral, user=user, succeeded=True, note=update.note)
    if status == S.CANCELLED:
        return services.report_outcome(
            referral, user=user, succeeded=False, reason=reason, note=update.note
        )
    if status == S.WITHDRAWN:
        return services.withdraw(referral, user=user, method=update.method)
    raise IllegalTransition(
        _("A referral that is %(status)s cannot be sent again.")
        % {"status": referral.get_status_display().lower()},
        code="illegal_transition",
    )
