"""The filters of the partner inbox and "My referrals" (django-filter, Wagtail's listing UI).

Each FilterSet only narrows the queryset its view was given (``access.inbox_queryset``
or the professional's own referrals); its choices come from that same queryset,
so no filter can name another partner, activity or referral.
"""

from __future__ import annotations

import django_filters
from django import forms
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


class ReferralFilterSet(WagtailFilterSet):
    """Status (open, overdue, all, or one status). ``default_status`` applies when
    the parameter is missing or unknown (an old link falls back, never errors).
    An unknown value of another filter is ignored (and shown as an error on it)."""

    default_status = ALL

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=status_choices,
        method="filter_status",
        empty_label=None,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Referral
        fields = ["status"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if data.get("status") not in {value for value, _label in status_choices()}:
            data["status"] = self.default_status
        super().__init__(data, queryset, request=request, prefix=prefix)
        # self.filters is this instance's copy; the form is built on first use.
        self.filters["status"].extra["initial"] = self.default_status
        self.configure_filters()

    def configure_filters(self):
        """Adjust ``self.filters`` for this request (before the form is built)."""

    def is_valid(self):
        # Django drops invalid fields from cleaned_data; the valid ones still filter.
        self.form.is_valid()
        return True

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

    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"), queryset=None, field_name="partner", empty_label=_("All")
    )
    activity = django_filters.ModelChoiceFilter(
        label=_("Activity"), queryset=None, field_name="activity", empty_label=_("All")
    )

    class Meta:
        model = Referral
        fields = ["status", "partner", "activity"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, inbox=None):
        self.inbox = inbox if inbox is not None else Referral.objects.none()
        super().__init__(data, queryset, request=request, prefix=prefix)

    def configure_filters(self):
        from wagtail_hyte.activities.models import ActivityPage
        from wagtail_hyte.partners.models import Partner

        choices = {
            "partner": Partner.objects.filter(pk__in=self.inbox.values("partner_id")),
            "activity": ActivityPage.objects.filter(pk__in=self.inbox.values("activity_id")),
        }
        for name, options in choices.items():
            if options.count() < 2:  # nothing to choose between: no filter
                del self.filters[name]
            else:
                self.filters[name].queryset = options.order_by(
                    "name" if name == "partner" else "title"
                )
