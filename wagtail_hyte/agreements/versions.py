"""The version timeline of an agreement and field-by-field diffs between versions."""

from __future__ import annotations

from dataclasses import dataclass

IGNORED_FIELDS = {"updated_at", "created_at"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


def _display(record, field_name: str) -> str:
    model = record.instance_type
    field = model._meta.get_field(field_name)
    if field.many_to_many:
        through = getattr(record, field_name)
        names = sorted(
            str(getattr(row, field.related_model._meta.model_name)) for row in through.all()
        )
        return ", ".join(names)
    value = getattr(record, field.attname)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        target = getattr(record, field.name, None)
        return "" if target is None else str(target)
    return "" if value is None else str(value)


def _m2m_ids(record, field) -> set:
    target = field.related_model._meta.model_name
    return {getattr(row, f"{target}_id") for row in getattr(record, field.name).all()}


def diff(old, new) -> list[FieldChange]:
    """Changed fields between two historical records of the same agreement.

    Compares every tracked field, including the status (which simple-history's
    own ``diff_against`` skips as it is not editable in forms) and the covered
    activities.
    """
    model = new.instance_type
    changes = []
    for field in old.tracked_fields:
        if field.name in IGNORED_FIELDS:
            continue
        if getattr(old, field.attname) != getattr(new, field.attname):
            changes.append(_change(old, new, field))
    for field in old._history_m2m_fields:
        if _m2m_ids(old, field) != _m2m_ids(new, field):
            changes.append(_change(old, new, model._meta.get_field(field.name)))
    return changes


def _change(old, new, field) -> FieldChange:
    return FieldChange(
        field=field.name,
        label=str(field.verbose_name).capitalize(),
        old=_display(old, field.name),
        new=_display(new, field.name),
    )


def timeline(agreement) -> list[dict]:
    """Every version, newest first, with who, when, why and what changed."""
    records = list(
        agreement.history.select_related("history_user").order_by("history_date", "history_id")
    )
    rows = []
    previous = None
    for number, record in enumerate(records, 1):
        changed = [c.label for c in diff(previous, record)] if previous else []
        rows.append(
            {
                "number": number,
                "record": record,
                "changed": changed,
            }
        )
        previous = record
    rows.reverse()
    return rows
