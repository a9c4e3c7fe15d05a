from django.urls import reverse
from wagtail.admin.ui.tables import Column

from ..display import readable_entry
from ..kinds import kind_label


class KindColumn(Column):
    def get_value(self, instance):
        return kind_label(instance.kind)


class TimeColumn(Column):
    """The absolute time, date and time in the site's time zone and format
    (never "x minutes ago"), with the ISO time in ``<time datetime>``."""

    cell_template_name = "wagtail_hyte/ledger/cells/time.html"


class ActorColumn(Column):
    """The actor's name and partner organisations, with the raw ledger value
    (``user:12``) on a line of its own. The view looks the actors up in bulk
    (``display.readable``)."""

    cell_template_name = "wagtail_hyte/ledger/cells/actor.html"

    def get_value(self, instance):
        return readable_entry(instance).actor


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
    """The payload as a definition list: labelled keys, codes in words, partner
    names and local times (it never holds personal data)."""

    cell_template_name = "wagtail_hyte/ledger/cells/payload.html"

    def get_value(self, instance):
        return readable_entry(instance).details


class PayloadValueColumn(Column):
    """One payload value, in words (``display.Reader.value``)."""

    cell_template_name = "wagtail_hyte/ledger/cells/html.html"

    def __init__(self, name, key, **kwargs):
        self.key = key
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        return readable_entry(instance).values.get(self.key, "")
