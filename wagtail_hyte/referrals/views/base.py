from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import services
from ..forms import WithdrawForm


class HyteAdminView(WagtailAdminTemplateMixin):
    """Admin page whose ``access_test(user)`` runs before anything else (403 if false)."""

    header_icon = "mail"
    access_test = None

    def dispatch(self, request, *args, **kwargs):
        if not (self.access_test and type(self).access_test(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


class PaginatedListingMixin:
    """Pages a listing (``?p=``) and filters it by ``?status=`` (see ``status_choices``)."""

    paginate_by = 50
    default_status = "all"

    def get_status_choices(self):
        from ..models import ReferralStatus

        return [("all", _("All"))] + list(ReferralStatus.choices)

    def filter_status(self, queryset, status):
        return queryset if status == "all" else queryset.filter(status=status)

    def paginate(self, queryset):
        """Context for the status filter and the page of ``queryset``."""
        choices = self.get_status_choices()
        status = self.request.GET.get("status", self.default_status)
        if status not in dict(choices):
            status = self.default_status
        paginator = WagtailPaginator(self.filter_status(queryset, status), self.paginate_by)
        page_obj = paginator.get_page(self.request.GET.get("p"))
        return {
            "referrals": page_obj.object_list,
            "page_obj": page_obj,
            "paginator": paginator,
            "is_paginated": page_obj.has_other_pages(),
            "elided_page_range": paginator.get_elided_page_range(page_obj.number),
            "status": status,
            "status_choices": choices,
        }


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
