"""The filters of the partner inbox and "My referrals" (django-filter, Wagtail's listing UI).

Each FilterSet only narrows the queryset its view was given (``access.inbox_queryset``
or the professional's own referrals); its choices come from that same queryset,
so no filter can name another partner, activity or referral.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from .models import Referral, ReferralStatus

ALL = "all"
OPEN = "open"
OVERDUE = "overdue"


def status_choices():
    return [
        (OPEN, _("Open")),
        (OVERDUE, _("Overdue")),
        (ALL, _("All")),
        *ReferralStatus.choices,
    ]


#: A referral number as shown (``Referral.short_reference``): the first hex digits.
REFERENCE_PREFIX = re.compile(r"[0-9a-f]{4,8}")


class ReferralFilterSet(WagtailFilterSet):
    """Search (referral number or activity), status (open, overdue, all, or one
    status) and activity. ``default_status`` applies when the parameter is missing
    or unknown (an old link falls back, never errors). An unknown value of another
    filter is ignored (and shown as an error on it). ``scope`` is the view's whole
    queryset: the choices come from it, and a filter with fewer than two choices
    is left out."""

    default_status = ALL
    choice_filters = {"activity": "title"}

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("A referral number or words of the activity's name"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=status_choices,
        method="filter_status",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    activity = django_filters.ModelChoiceFilter(
        label=_("Activity"), queryset=None, field_name="activity", empty_label=_("All")
    )

    class Meta:
        model = Referral
        fields = ["q", "status", "activity"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, scope=None):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if data.get("status") not in {value for value, _label in status_choices()}:
            data["status"] = self.default_status
        self.scope = scope if scope is not None else Referral.objects.none()
        super().__init__(data, queryset, request=request, prefix=prefix)
        # self.filters is this instance's copy; the form is built on first use.
        self.filters["status"].extra["initial"] = self.default_status
        self.configure_filters()

    def configure_filters(self):
        """Choices from ``scope`` only; no filter with nothing to choose between."""
        from wagtail_hyte.activities.models import ActivityPage
        from wagtail_hyte.partners.models import Partner

        models = {"activity": ActivityPage, "partner": Partner}
        for name, order in self.choice_filters.items():
            options = models[name].objects.filter(pk__in=self.scope.values(f"{name}_id"))
            if options.count() < 2:
                del self.filters[name]
            else:
                self.filters[name].queryset = options.order_by(order)

    def is_valid(self):
        # Django drops invalid fields from cleaned_data; the valid ones still filter.
        self.form.is_valid()
        return True

    def filter_search(self, queryset, name, value):
        """Every word must match: the start of the referral number or the activity's name."""
        for word in value.split()[:10]:
            condition = Q(activity__title__icontains=word)
            prefix = word.lower()
            if REFERENCE_PREFIX.fullmatch(prefix):
                condition |= Q(reference__startswith=prefix)
            queryset = queryset.filter(condition)
        return queryset

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.open()
        if value == OVERDUE:
            return queryset.overdue()
        if value == ALL:
            return queryset
        return queryset.filter(status=value)


class InboxFilterSet(ReferralFilterSet):
    """The inbox: open referrals by default; partner and activity filters when the
    user's inbox holds several (``inbox`` is the user's whole inbox queryset)."""

    default_status = OPEN
    choice_filters = {"partner": "name", "activity": "title"}

    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"), queryset=None, field_name="partner", empty_label=_("All")
    )

    class Meta:
        model = Referral
        fields = ["q", "status", "partner", "activity"]

    def __init__(
        self, data=None, queryset=None, *, request=None, prefix=None, inbox=None, scope=None
    ):
        scope = inbox if inbox is not None else scope
        super().__init__(data, queryset, request=request, prefix=prefix, scope=scope)
