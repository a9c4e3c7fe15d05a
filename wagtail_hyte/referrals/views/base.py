"""What the referral admin views share: Wagtail's listing view over a queryset the
view's access rules give (``ReferralIndexView``) and the withdrawal of consent
(``WithdrawConsentMixin``). Access and breadcrumbs are ``core.adminviews.HyteAdminMixin``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import IndexView

from wagtail_hyte.core.adminviews import HyteAdminMixin
from wagtail_hyte.core.paginator import CountLabelPaginator
from wagtail_hyte.core.periods import local_date

from .. import services
from ..columns import ReferralTable
from ..forms import WithdrawForm
from ..models import Referral


def _day(moment):
    return local_date(moment) if moment else None


#: The listings' spreadsheet export: (field, heading, value). Only what identifies
#: the referral and its dates, never the client's name or contact details.
REFERRAL_EXPORT = [
    ("reference", _("Referral"), lambda r: r.short_reference),
    ("activity", _("Activity"), lambda r: r.activity.title),
    ("partner", _("Partner"), lambda r: r.partner.name),
    ("status", _("Status"), lambda r: str(r.get_status_display())),
    ("sent", _("Sent"), lambda r: _day(r.sent_at)),
    ("due", _("Contact due"), lambda r: r.due_date),
    ("accepted", _("Accepted"), lambda r: _day(r.accepted_at)),
    ("closed", _("Closed"), lambda r: _day(r.closed_at)),
]


class ReferralIndexView(HyteAdminMixin, IndexView):
    """A referral listing: Wagtail's listing view (columns, filters, ordering,
    pagination, spreadsheet export) over ``get_base_queryset()`` and nothing else.

    Who may open it is ``access_test`` (``HyteAdminMixin``); Wagtail's model
    permissions on ``Referral`` play no part. Set ``index_url_name`` and
    ``index_results_url_name`` (the AJAX filter URL).
    """

    model = Referral
    permission_policy = None
    any_permission_required = None
    header_icon = "mail"
    paginate_by = 50
    paginator_class = CountLabelPaginator
    table_class = ReferralTable
    filterset_class = None
    list_export = [field for field, _heading, _value in REFERRAL_EXPORT]
    export_filename = "referrals"

    def get_base_queryset(self):  # pragma: no cover - every listing sets its own
        return Referral.objects.none()

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        tiebreak = "-pk" if str(self.ordering or "").startswith("-") else "pk"
        return queryset.order_by(*queryset.query.order_by, tiebreak)  # stable pages

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "scope": self.get_base_queryset()}

    def get_filename(self):
        return f"{self.export_filename}-{local_date().isoformat()}"

    def get_heading(self, queryset, field):
        return str({f: heading for f, heading, _value in REFERRAL_EXPORT}[field])

    def to_row_dict(self, item):
        return {field: value(item) for field, _heading, value in REFERRAL_EXPORT}

    @cached_property
    def no_results_message(self):
        return _("No referrals match.") if self.is_filtering else self.empty_message

    empty_message = _("No referrals.")


class WithdrawConsentMixin:
    """Records the client's withdrawal of consent for ``get_referral()`` on POST.

    The withdrawal itself is ``services.withdraw`` (access and status rules,
    ledger). On success: ``withdrawn_message`` and a redirect to the URL named
    ``withdrawn_url_name`` (given the referral's pk when ``withdrawn_url_takes_pk``);
    otherwise the page again, with the bound form in the context as
    ``withdraw_form_name``.
    """

    withdraw_form_name = "withdraw_form"
    withdrawn_message = ""
    withdrawn_url_name = ""  # an admin URL name; set by each view
    withdrawn_url_takes_pk = False

    def get_withdrawn_url(self) -> str:
        args = [self.referral.pk] if self.withdrawn_url_takes_pk else []
        return reverse(self.withdrawn_url_name, args=args)

    def post(self, request, *args, **kwargs):
        self.referral = self.get_referral()
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.withdraw(
                    self.referral, user=request.user, method=form.cleaned_data["method"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, self.withdrawn_message)
                return redirect(self.get_withdrawn_url())
        return self.render_to_response(self.get_context_data(**{self.withdraw_form_name: form}))
