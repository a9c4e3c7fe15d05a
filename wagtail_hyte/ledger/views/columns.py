from django.urls import reverse
from django.utils.html import format_html, format_html_join
from wagtail.admin.ui.tables import Column

from ..kinds import kind_label


class KindColumn(Column):
    def get_value(self, instance):
        return kind_label(instance.kind)


class SubjectsColumn(Column):
    """Links to each subject's consent timeline."""

    cell_template_name = "wagtail_hyte/ledger/cells/subjects.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["links"] = [
            (reverse("hyte_ledger:subject", args=[sid]), sid[:8]) for sid in instance.subject_ids
        ]
        return context


class PayloadColumn(Column):
    """The payload as a definition list of codes (it never holds personal data)."""

    def get_value(self, instance):
        items = sorted(instance.payload_data.items())
        if not items:
            return ""
        return format_html(
            "<dl class='hyte-payload'>{}</dl>",
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((k, _fmt(v)) for k, v in items)),
        )

    cell_template_name = "wagtail_hyte/ledger/cells/html.html"


def _fmt(value):
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in sorted(value.items()))
    return str(value)


class PayloadValueColumn(Column):
    def __init__(self, name, key, **kwargs):
        self.key = key
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        return instance.payload_data.get(self.key, "")
