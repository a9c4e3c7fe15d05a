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


def diff(old, new) -> list[FieldChange]:
    """Changed fields between two historical records of the same agreement, in the
    model's field order, the covered activities last.

    simple-history's ``diff_against`` compares the editable fields and the covered
    activities. It reads values with ``model_to_dict``, which leaves out fields that
    are not editable in forms, so those (the status) are compared here alongside.
    """
    model = new.instance_type
    tracked = [f for f in old.tracked_fields if f.name not in IGNORED_FIELDS]
    m2m = [f.name for f in old._history_m2m_fields]
    editable = [f.name for f in tracked if f.editable]
    changed = set(new.diff_against(old, included_fields=editable + m2m).changed_fields)
    changed.update(
        f.name
        for f in tracked
        if not f.editable and getattr(old, f.attname) != getattr(new, f.attname)
    )
    order = [f.name for f in tracked] + m2m
    return [_change(old, new, model._meta.get_field(name)) for name in order if name in changed]


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
