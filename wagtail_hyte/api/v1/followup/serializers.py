"""The follow-up figures as JSON: a measure is its months and rows, each row a
cell per month. A cell is what the admin's table shows (``display``, the
``Figure``'s own text: "< 5" for a hidden cell) and, unless it is hidden, its
number (``value``, ``Figure.shown``): a hidden cell's number never leaves the
measure. Months are keyed as the exports head their columns ("2025-01").
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wagtail_hyte.followup.exports import month_key
from wagtail_hyte.followup.yearly import unit_text


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.Field):
    """A count stays an integer; a median, share or percentile is rounded to one
    decimal, as the yearly workbook writes it."""

    def to_representation(self, value):
        return round(value, 1) if isinstance(value, float) else value


class FigureSerializer(serializers.Serializer):
    """One cell: ``value`` is null when the cell is hidden or there is nothing to
    show; ``display`` is the text of the admin's cell."""

    value = NumberField(source="shown", allow_null=True)
    hidden = serializers.BooleanField()
    display = serializers.SerializerMethodField()

    def get_display(self, figure) -> str:
        return str(figure)


class RowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    is_total = serializers.BooleanField()
    cells = FigureSerializer(many=True, source="values")


class MeasureSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    unit = serializers.ChoiceField(choices=("count", "days", "percent"))
    protected = serializers.BooleanField(
        help_text="Derived from referrals or feedback: small cells are hidden."
    )
    months = serializers.SerializerMethodField()
    rows = RowSerializer(many=True)

    def get_months(self, measure) -> list[str]:
        return [month_key(month) for month in measure.months]


class ScopeSerializer(serializers.Serializer):
    """The period and filters the figures cover (the admin's filter form)."""

    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()
    partner = serializers.IntegerField(source="partner_id", allow_null=True)
    municipality = serializers.IntegerField(source="municipality_id", allow_null=True)
    theme = serializers.IntegerField(source="theme_id", allow_null=True)

    def get_start(self, scope) -> str:
        return month_key(scope.start)

    def get_end(self, scope) -> str:
        return month_key(scope.end)


class SmallCellsSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="The small-cell rule in words.")
    hidden_label = serializers.CharField(help_text='A hidden cell\'s text, e.g. "< 5".')


class MeasureListSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    small_cells = SmallCellsSerializer()
    measures = MeasureSerializer(many=True)


class MeasureDetailSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    small_cells = SmallCellsSerializer()
    measure = MeasureSerializer()
    by = serializers.CharField(allow_null=True, help_text="The breakdown, or null.")
    breakdowns = serializers.ListField(
        child=serializers.CharField(), help_text="The breakdowns this measure has."
    )


class YearlyMeasureSerializer(MeasureSerializer):
    unit_text = serializers.SerializerMethodField()

    def get_unit_text(self, measure) -> str:
        return str(unit_text(measure.unit))


class YearlyReportSerializer(serializers.Serializer):
    """The yearly report for the municipality's wellbeing report, as the
    workbook's sheets hold it."""

    year = serializers.IntegerField()
    municipality = serializers.IntegerField(allow_null=True)
    municipality_name = serializers.CharField()
    period = serializers.CharField()
    generated = serializers.DateField()
    small_cells = SmallCellsSerializer()
    measures = YearlyMeasureSerializer(many=True)
