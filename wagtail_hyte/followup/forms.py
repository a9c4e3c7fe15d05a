"""The Follow-up area's filters (period, partner, municipality, theme) and the
yearly report's form. Both are GET forms: they only choose what is shown."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIteratorValue
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.activities.models import Theme
from wagtail_hyte.core.models import Municipality
from wagtail_hyte.core.periods import local_date
from wagtail_hyte.core.widgets import GroupedMunicipalitySelect
from wagtail_hyte.partners.models import Partner

#: The longest period one page shows (months).
MAX_MONTHS = 60
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_between(start: date, end: date) -> int:
    """Months from ``start``'s month to ``end``'s, both included."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def make_scope(start: date, end: date, **filters):
    """A ``Scope`` of the months from ``start``'s to ``end``'s (both included)."""
    from .scope import Scope

    return Scope(start=month_start(start), end=month_start(end), **filters)


class ListedModelChoiceField(forms.ModelChoiceField):
    """A model choice read with one query, whether the form is bound or not:
    the choices are listed once and a submitted value is looked up in that
    list (Django's field would ask the database again, and the grouped select
    would count the rows first)."""

    @cached_property
    def objects(self) -> list:
        return list(self.queryset)

    def _listed_choices(self):
        choices = [] if self.empty_label is None else [("", self.empty_label)]
        for obj in self.objects:
            choices.append(
                (
                    ModelChoiceIteratorValue(self.prepare_value(obj), obj),
                    self.label_from_instance(obj),
                )
            )
        return choices

    def get_bound_field(self, form, field_name):
        self.widget.choices = self._listed_choices()
        return super().get_bound_field(form, field_name)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        for obj in self.objects:
            if str(obj.pk) == str(value).strip():
                return obj
        raise ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )


class MonthInput(forms.DateInput):
    input_type = "month"

    def format_value(self, value):
        if isinstance(value, date):
            return value.strftime("%Y-%m")
        return value


class MonthField(forms.Field):
    """A month typed as YYYY-MM (``<input type="month">``); cleans to its first day."""

    widget = MonthInput
    default_error_messages = {
        "invalid": _("Enter a month as YYYY-MM, for example 2025-03."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return month_start(value)
        match = MONTH.match(str(value).strip())
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        year, month = int(match.group(1)), int(match.group(2))
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return date(year, month, 1)


class FollowUpFilterForm(forms.Form):
    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month"), required=False)
    partner = ListedModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.order_by("name"),
        required=False,
        empty_label=_("All partners"),
    )
    municipality = ListedModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("welfare_area", "name_fi"),
        required=False,
        empty_label=_("All municipalities"),
        widget=GroupedMunicipalitySelect,
    )
    theme = ListedModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        required=False,
        empty_label=_("All themes"),
    )

    def __init__(self, data=None, *, default=None, **kwargs):
        from .scope import default_scope

        self.default = default or default_scope()
        if data is not None and not any(data.get(name) for name in self.base_fields):
            data = None  # no filter given: the default, not an empty bound form
        super().__init__(data, **kwargs)
        if not self.is_bound:
            self.initial.update(start=self.default.start, end=self.default.end)
        for name in ("start", "end"):
            self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-help"

    def full_clean(self):
        super().full_clean()
        # A field with an error says so, and names its message (see _filters.html).
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described = attrs.get("aria-describedby", "")
                attrs["aria-describedby"] = f"{described} id_{name}-error".strip()

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start") or month_start(self.default.start)
        end = cleaned.get("end") or month_start(self.default.end)
        if "start" in self.errors or "end" in self.errors:
            return cleaned
        if start > end:
            raise ValidationError(
                _("The first month must not be after the last month."), code="order"
            )
        if months_between(start, end) > MAX_MONTHS:
            raise ValidationError(
                _("Choose a period of at most %(months)s months.") % {"months": MAX_MONTHS},
                code="too_long",
            )
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def scope(self):
        """The chosen scope. With an error: the default period, with the
        partner, municipality and theme that were valid."""
        if not self.is_bound:
            return self.default
        valid = self.is_valid()
        data = self.cleaned_data
        return make_scope(
            data["start"] if valid else self.default.start,
            data["end"] if valid else self.default.end,
            partner_id=data["partner"].pk if data.get("partner") else None,
            municipality_id=data["municipality"].pk if data.get("municipality") else None,
            theme_id=data["theme"].pk if data.get("theme") else None,
        )

    def query_string(self) -> str:
        """The valid filters as a query string (for links between the pages)."""
        from django.http import QueryDict

        query = QueryDict(mutable=True)
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
            query["start"] = data["start"].strftime("%Y-%m")
            query["end"] = data["end"].strftime("%Y-%m")
            for name in ("partner", "municipality", "theme"):
                if data.get(name):
                    query[name] = str(data[name].pk)
        return query.urlencode()


def year_choices(today: date | None = None) -> list[tuple[int, int]]:
    from .scope import launch_date

    today = today or local_date()
    first = (launch_date() or today).year
    return [(year, str(year)) for year in range(today.year, min(first, today.year) - 1, -1)]


class YearlyReportForm(forms.Form):
    FORMATS = [("xlsx", _("Excel workbook (XLSX)")), ("csv", _("CSV file"))]

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())
    municipality = ListedModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("welfare_area", "name_fi"),
        required=False,
        empty_label=_("All municipalities"),
        widget=GroupedMunicipalitySelect,
    )
    format = forms.ChoiceField(
        label=_("File format"), choices=FORMATS, initial="xlsx", widget=forms.RadioSelect
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = year_choices(today)
        self.fields["year"].choices = choices
        # The last full year by default (the report is written in spring).
        years = [year for year, _label in choices]
        current = (today or local_date()).year
        self.fields["year"].initial = current - 1 if current - 1 in years else years[0]
