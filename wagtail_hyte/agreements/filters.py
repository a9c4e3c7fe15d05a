import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from .models import AgreementStatus, PartnerAgreement
from .services import high_use


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
        matching = queryset.expiring()
        return matching if value else queryset.exclude(pk__in=matching.values("pk"))

    def filter_quota_high(self, queryset, name, value):
        if value is None:
            return queryset
        matching = queryset.filter(pk__in=[a.pk for a, _status in high_use(queryset)])
        return matching if value else queryset.exclude(pk__in=matching.values("pk"))
