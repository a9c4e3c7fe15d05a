import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from ..kinds import kind_label, registered_kinds
from ..models import LedgerEntry


def kind_choices():
    return [(kind, kind_label(kind)) for kind in registered_kinds()]


class LedgerEntryFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=kind_choices)
    actor = django_filters.CharFilter(
        label=_("Actor"),
        help_text=_("A username, or as written in the ledger: user:12 or system:retention."),
        method="filter_actor",
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("Time"), widget=DateRangePickerWidget)
    subject = django_filters.UUIDFilter(
        label=pgettext_lazy("data subject", "Subject"),
        method="filter_subject",
        widget=forms.TextInput,
    )

    class Meta:
        model = LedgerEntry
        fields = ["kind", "actor", "created_at", "subject"]

    def filter_actor(self, queryset, name, value):
        """The ledger's own form (``user:12``, ``system:retention``), or a username."""
        value = value.strip()
        if ":" in value:
            return queryset.filter(actor=value)
        users = get_user_model().objects.filter(
            **{f"{get_user_model().USERNAME_FIELD}__iexact": value}
        )
        return queryset.filter(
            actor__in=[f"user:{pk}" for pk in users.values_list("pk", flat=True)]
        )

    def filter_subject(self, queryset, name, value):
        return queryset.for_subject(value)


class ReadFilterSet(LedgerEntryFilterSet):
    class Meta:
        model = LedgerEntry
        fields = ["actor", "created_at", "subject"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.pop("kind", None)
