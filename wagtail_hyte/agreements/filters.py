from datetime import timedelta

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from wagtail_hyte.core.periods import local_date

from .models import AgreementStatus, PartnerAgreement
from .services import quota_statuses

EXPIRING_DAYS = 30
HIGH_USE_PERCENT = 80


def expiring_agreements(queryset, days: int = EXPIRING_DAYS):
    today = local_date()
    return queryset.filter(
        status=AgreementStatus.ACTIVE, valid_to__gte=today, valid_to__lte=today + timedelta(days)
    )


def high_use_agreements(queryset, percent: int = HIGH_USE_PERCENT):
    active = list(queryset.filter(status=AgreementStatus.ACTIVE))
    statuses = quota_statuses(active)
    return queryset.filter(
        pk__in=[pk for pk, status in statuses.items() if status.percent_used >= percent]
    )


class PartnerAgreementFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AgreementStatus.choices)
    expiring = django_filters.BooleanFilter(
        label=_("Expiring within 30 days"), method="filter_expiring"
    )
    quota_high = django_filters.BooleanFilter(
        # xgettext:no-python-format
        label=_("Quota used 80% or more"),
        method="filter_quota_high",
    )

    class Meta:
        model = PartnerAgreement
        fields = ["status", "partner", "quota_period"]

    def filter_expiring(self, queryset, name, value):
        if value is None:
            return queryset
        matching = expiring_agreements(queryset)
        return matching if value else queryset.exclude(pk__in=matching.values("pk"))

    def filter_quota_high(self, queryset, name, value):
        if value is None:
            return queryset
        matching = high_use_agreements(queryset)
        return matching if value else queryset.exclude(pk__in=matching.values("pk"))
