"""Admin widgets for choosing municipalities, grouped by welfare area.

``MunicipalityPicker`` (many-to-many fields): checkboxes in one fieldset per
welfare area, a "whole welfare area" checkbox per group, and a filter box.
It is server-rendered and works without JavaScript: ticking a whole area saves
all its municipalities (``value_from_datadict``); the script only adds the
filter, ticks the group's boxes at once and keeps the whole-area box in step.

``GroupedMunicipalitySelect`` (foreign keys): a ``<select>`` with one
``<optgroup>`` per welfare area.

Both read the welfare area from the choices' model instances
(``Municipality.welfare_area``), so they work with any queryset of
municipalities the form field is given.
"""

from __future__ import annotations

from itertools import groupby

from django import forms
from django.utils.translation import gettext_lazy as _


def _instance(value):
    """The model instance of a ModelChoiceIterator value, or None."""
    return getattr(value, "instance", None)


def _area_of(value) -> str:
    instance = _instance(value)
    return getattr(instance, "welfare_area", "") or str(_("Other"))


class MunicipalityPicker(forms.CheckboxSelectMultiple):
    """Searchable multi-choice of municipalities grouped by welfare area."""

    template_name = "wagtail_hyte/core/widgets/municipality_picker.html"
    #: suffix of the whole-area checkboxes' name (values: welfare area names)
    AREA_SUFFIX = "__area"

    class Media:
        js = ["wagtail_hyte/core/municipality_picker.js"]
        css = {"all": ["wagtail_hyte/core/municipality_picker.css"]}

    def __init__(self, attrs=None, choices=(), open_areas=()):
        super().__init__(attrs, choices)
        self.open_areas = set(open_areas)

    def _areas(self) -> dict[str, list[tuple[str, str]]]:
        """{welfare area: [(value, label), ...]} in area and label order."""
        rows = []
        for value, label in self.choices:
            if value in ("", None):
                continue
            rows.append((_area_of(value), str(label), str(value)))
        rows.sort(key=lambda row: (row[0], row[1]))
        return {
            area: [(value, label) for _, label, value in group]
            for area, group in groupby(rows, key=lambda row: row[0])
        }

    def value_from_datadict(self, data, files, name):
        values = list(super().value_from_datadict(data, files, name) or [])
        getlist = getattr(data, "getlist", None)
        areas = getlist(name + self.AREA_SUFFIX) if getlist else []
        if areas:
            by_area = self._areas()
            for area in areas:
                for value, _label in by_area.get(area, []):
                    if value not in values:
                        values.append(value)
        return values

    def value_omitted_from_data(self, data, files, name):
        # Like CheckboxSelectMultiple: an unticked list is "nothing chosen".
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        selected = {str(v) for v in (value or [])}
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        groups = []
        for index, (area, items) in enumerate(self._areas().items()):
            options = [
                {
                    "value": value,
                    "label": label,
                    "id": f"{base_id}_{value}",
                    "checked": value in selected,
                }
                for value, label in items
            ]
            count = sum(1 for option in options if option["checked"])
            groups.append(
                {
                    "area": area,
                    "id": f"{base_id}_area{index}",
                    "options": options,
                    "selected_count": count,
                    "open": count > 0 or area in self.open_areas,
                }
            )
        context["widget"].update(
            {
                "groups": groups,
                "base_id": base_id,
                "area_name": name + self.AREA_SUFFIX,
            }
        )
        return context


class GroupedMunicipalitySelect(forms.Select):
    """A ``<select>`` of municipalities with one ``<optgroup>`` per welfare area."""

    def optgroups(self, name, value, attrs=None):
        flat = list(self.choices)
        blank = [(v, label) for v, label in flat if v in ("", None)]
        rows = sorted(
            ((_area_of(v), str(label), v) for v, label in flat if v not in ("", None)),
            key=lambda row: (row[0], row[1]),
        )
        grouped = [
            (area, [(v, label) for _, label, v in group])
            for area, group in groupby(rows, key=lambda row: row[0])
        ]
        original = self.choices
        self.choices = blank + grouped
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = original
