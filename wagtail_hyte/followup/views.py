"""The Follow-up area (Seuranta): every measure as a chart and a table, one
measure's table with its spreadsheet export and breakdowns, and the yearly
report for the municipal wellbeing report.

Every view asks ``view_follow_up`` (coordinators, auditors). The figures come
from ``measures``; the views only choose the scope and present what they get,
so a hidden cell reaches every page, chart and export as "< 5".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views.reports import ReportView

from wagtail_hyte.core.adminviews import HyteAdminMixin
from wagtail_hyte.core.spreadsheets import safe_cell

from . import charts
from .exports import TableRow, month_key, month_label, table_rows
from .figures import Figure, Measure
from .forms import FollowUpFilterForm, YearlyReportForm

PERMISSION = "wagtail_hyte_followup.view_follow_up"
TEMPLATES = "wagtail_hyte/followup/"
CELLS = TEMPLATES + "tables/"

#: The breakdowns a measure page links to (``measures.breakdown(slug, scope, by)``),
#: when ``measures`` does not say (its ``BREAKDOWNS``).
BREAKDOWNS: dict[str, tuple[str, ...]] = {
    "referrals": ("partner", "municipality", "theme", "target_group"),
    "outcomes": ("partner",),
}


def breakdowns_of(slug: str) -> tuple[str, ...]:
    from . import measures

    return tuple(getattr(measures, "BREAKDOWNS", BREAKDOWNS).get(slug, ()))


def breakdown_label(by: str) -> str:
    return {
        "partner": _("By partner"),
        "municipality": _("By municipality"),
        "theme": _("By theme"),
        "target_group": _("By target group"),
    }.get(by, by)


def measure_slugs() -> list[str]:
    from . import measures

    return list(measures.MEASURES)


def period_text(scope) -> str:
    first, last = scope.start, scope.end
    if first == last:
        return month_label(first)
    return f"{month_label(first)} – {month_label(last)}"


@dataclass
class MeasureBlock:
    """A measure ready for the templates: its chart, its table and its links."""

    measure: Measure
    number: int
    url: str = ""

    @property
    def ident(self) -> str:
        return f"hyte-measure-{self.number}-{self.measure.slug}"

    @property
    def caption_id(self) -> str:
        return f"{self.ident}-caption"

    @cached_property
    def chart(self) -> SafeString:
        return charts.measure_chart(self.measure, f"{self.ident}-chart", self.caption_id)

    @cached_property
    def legend(self) -> list[dict]:
        return charts.legend(self.measure)

    @property
    def truncated(self) -> bool:
        return charts.is_truncated(self.measure)

    @property
    def months(self) -> list[dict]:
        return [{"key": month_key(m), "label": month_label(m)} for m in self.measure.months]

    @cached_property
    def rows(self) -> list[TableRow]:
        return table_rows(self.measure)

    @property
    def hidden_label(self) -> str:
        return str(Figure(None, hidden=True))

    @property
    def has_hidden(self) -> bool:
        return any(figure.hidden for row in self.measure.rows for figure in row.values)


class FollowUpMixin(HyteAdminMixin):
    permission_required = PERMISSION
    header_icon = "table"

    @cached_property
    def filter_form(self) -> FollowUpFilterForm:
        return FollowUpFilterForm(self.request.GET)

    @cached_property
    def scope(self):
        return self.filter_form.scope()

    @cached_property
    def query_string(self) -> str:
        return self.filter_form.query_string()

    def with_query(self, url: str) -> str:
        return f"{url}?{self.query_string}" if self.query_string else url

    def follow_up_crumb(self) -> dict:
        return {
            "url": self.with_query(reverse("hyte_followup:index")),
            "label": _("Follow-up"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form,
            scope=self.scope,
            period=period_text(self.scope),
            query_string=self.query_string,
            small_cell_note=small_cell_note(),
        )
        return context


def small_cell_note() -> str:
    from .exports import small_cell_rule

    return small_cell_rule()


class FollowUpIndexView(FollowUpMixin, TemplateView):
    """Every measure of the scope as a chart with the same figures as a table."""

    template_name = TEMPLATES + "index.html"
    page_title = gettext_lazy("Follow-up")

    def get_context_data(self, **kwargs):
        from . import measures

        context = super().get_context_data(**kwargs)
        blocks = []
        for number, measure in enumerate(measures.all_measures(self.scope), start=1):
            url = self.with_query(reverse("hyte_followup:measure", args=[measure.slug]))
            blocks.append(MeasureBlock(measure, number, url=url))
        context.update(
            entries=blocks,
            yearly_url=reverse("hyte_followup:yearly"),
            index_url=reverse("hyte_followup:index"),
        )
        return context


# --- one measure as a Wagtail report ---------------------------------------------


class RowHeaderColumn(Column):
    """The row's label as ``<th scope="row">``."""

    cell_template_name = CELLS + "row_header.html"
    header_template_name = CELLS + "column_header.html"


class FigureColumn(Column):
    """A month's figure as its text ("< 5" when hidden)."""

    cell_template_name = CELLS + "figure.html"
    header_template_name = CELLS + "column_header.html"

    def get_value(self, instance):
        return instance[self.accessor]

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["figure"] = instance[self.accessor]
        return context


class MeasureTable(Table):
    def get_row_classname(self, instance):
        return "hyte-followup-total" if instance.is_total else ""


class MeasureReportView(FollowUpMixin, ReportView):
    """One measure (or one of its breakdowns) as a table, with Wagtail's XLSX and
    CSV export (``?export=xlsx|csv``) of the same cells."""

    template_name = TEMPLATES + "measure.html"
    any_permission_required = None
    paginate_by = None
    table_class = MeasureTable

    @cached_property
    def slug(self) -> str:
        slug = self.kwargs["measure"]
        if slug not in measure_slugs():
            raise Http404("no such measure")
        return slug

    @cached_property
    def by(self) -> str | None:
        by = self.kwargs.get("by")
        if by is not None and by not in breakdowns_of(self.slug):
            raise Http404("no such breakdown")
        return by

    @cached_property
    def measure(self) -> Measure:
        from . import measures

        if self.by:
            return measures.breakdown(self.slug, self.scope, self.by)
        return measures.measure(self.slug, self.scope)

    def get(self, request, *args, **kwargs):
        _checked = (self.slug, self.by)  # 404 before anything is computed
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.measure.title)

    def get_page_subtitle(self):
        return breakdown_label(self.by) if self.by else ""

    def get_parent_breadcrumbs_items(self):
        crumbs = [self.follow_up_crumb()]
        if self.by:
            crumbs.append(
                {
                    "url": self.with_query(reverse("hyte_followup:measure", args=[self.slug])),
                    "label": str(self.measure.title),
                }
            )
        return crumbs

    def get_index_url(self):
        if self.by:
            return reverse("hyte_followup:breakdown", args=[self.slug, self.by])
        return reverse("hyte_followup:measure", args=[self.slug])

    @cached_property
    def month_keys(self) -> list[str]:
        return [month_key(month) for month in self.measure.months]

    @cached_property
    def columns(self):
        return [
            RowHeaderColumn("label", label=_("Row")),
            *(
                FigureColumn(key, accessor=key, label=month_label(month))
                for key, month in zip(self.month_keys, self.measure.months, strict=True)
            ),
        ]

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        kwargs["caption"] = self.table_caption
        return kwargs

    @property
    def table_caption(self) -> str:
        parts = [str(self.measure.title)]
        if self.by:
            parts.append(breakdown_label(self.by).lower())
        return f"{', '.join(parts)}: {period_text(self.scope)}"

    @cached_property
    def no_results_message(self):
        return _("There are no figures for this period.")

    def get_queryset(self):
        return table_rows(self.measure)

    # Spreadsheet export: the label and each month's text, as in the table.
    @property
    def list_export(self):
        return ["label", *self.month_keys]

    @property
    def export_headings(self):
        return {"label": _("Row"), **{key: key for key in self.month_keys}}

    def to_row_dict(self, item):
        row = {"label": item.label}
        for key in self.month_keys:
            row[key] = str(item[key])
        return row

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.is_export:
            response["Cache-Control"] = "private, no-store"
        return response

    def write_csv_row(self, writer, row_dict):
        return writer.writerow({key: safe_cell(value) for key, value in row_dict.items()})

    def get_filename(self):
        scope = self.scope
        name = f"hyte-{self.slug}"
        if self.by:
            name += f"-by-{self.by.replace('_', '-')}"
        return f"{name}-{scope.start:%Y-%m}-{scope.end:%Y-%m}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        block = MeasureBlock(self.measure, 1)
        breakdowns = [
            {
                "label": breakdown_label(by),
                "url": self.with_query(reverse("hyte_followup:breakdown", args=[self.slug, by])),
                "current": by == self.by,
            }
            for by in breakdowns_of(self.slug)
        ]
        context.update(
            measure_entry=block,
            breakdowns=breakdowns,
            by=self.by,
            measure_url=self.with_query(reverse("hyte_followup:measure", args=[self.slug])),
            index_url=self.get_index_url(),
        )
        return context


# --- the yearly report ---------------------------------------------------------


class YearlyReportView(FollowUpMixin, TemplateView):
    """The yearly figures for the wellbeing report, as an XLSX workbook or a CSV."""

    template_name = TEMPLATES + "yearly.html"
    page_title = gettext_lazy("Yearly report")

    def get_parent_breadcrumbs_items(self):
        return [self.follow_up_crumb()]

    @cached_property
    def form(self) -> YearlyReportForm:
        data = self.request.GET if "year" in self.request.GET else None
        return YearlyReportForm(data)

    def get(self, request, *args, **kwargs):
        if self.form.is_bound and self.form.is_valid():
            return self.download(**self.form.cleaned_data)
        return super().get(request, *args, **kwargs)

    def download(self, *, year, municipality, format):
        from .yearly import yearly_csv, yearly_report, yearly_workbook

        report = yearly_report(year, municipality)
        if format == "csv":
            response = HttpResponse(yearly_csv(report), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                yearly_workbook(report),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{report.filename(format)}"'
        response["Cache-Control"] = "private, no-store"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        return context
