"""Finding a data subject by phone number or email for a data subject's
request, and exporting a subject's timeline. Auditors only; both are ledgered
(``services.subject_search``).

The search is POST only and answers in the same response: the phone number
and email never travel in a URL, a redirect or the session, and the result
page is not cached.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView

from wagtail_hyte.core.adminviews import HyteAccessMixin, HyteAdminMixin
from wagtail_hyte.core.forms import add_service_errors
from wagtail_hyte.core.sensitive import SensitiveDataMixin

from ..models import Subject
from ..services.subject_search import (
    RequestKind,
    record_timeline_export,
    search_subjects,
)
from ..subject_export import timeline_csv, timeline_json
from .access import AUDIT_PERMISSION


class SubjectSearchForm(forms.Form):
    request_kind = forms.ChoiceField(
        label=_("Kind of request"), choices=[("", "---------"), *RequestKind.choices]
    )
    reference = forms.CharField(
        label=_("Request reference"),
        max_length=64,
        help_text=_("The case or diary number of the request, e.g. TS-2026-014."),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=_("Email address"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "off"}),
    )


class SubjectSearchView(SensitiveDataMixin, HyteAdminMixin, FormView):
    """Find a data subject (auditors): the search and its results."""

    permission_required = AUDIT_PERMISSION
    template_name = "wagtail_hyte/ledger/subject_search.html"
    page_title = _("Find a data subject")
    header_icon = "search"
    form_class = SubjectSearchForm

    def get_parent_breadcrumbs_items(self):
        return [{"url": reverse("hyte_ledger:entries"), "label": _("Ledger")}]

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            matches = search_subjects(
                actor=self.request.user,
                request_kind=data["request_kind"],
                reference=data["reference"],
                phone=data["phone"],
                email=data["email"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return self.render_to_response(
            self.get_context_data(form=self.form_class(), matches=matches, searched=True)
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Cache-Control"] = "no-store"
        return response


EXPORTS = {
    "json": ("application/json; charset=utf-8", timeline_json),
    "csv": ("text/csv; charset=utf-8", timeline_csv),
}


class SubjectTimelineExportView(HyteAccessMixin, View):
    """Download a subject's timeline as JSON or CSV (POST; ledgered)."""

    permission_required = AUDIT_PERMISSION
    http_method_names = ["post"]

    def post(self, request, subject_id):
        fmt = request.POST.get("format", "")
        if fmt not in EXPORTS:
            raise Http404
        subject = get_object_or_404(Subject, pk=subject_id)
        content_type, render = EXPORTS[fmt]
        with transaction.atomic():  # no file without its ledger entry
            body = render(subject)
            record_timeline_export(subject, actor=request.user, fmt=fmt)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="subject-{str(subject.pk)[:8]}-timeline.{fmt}"'
        )
        response["Cache-Control"] = "no-store"
        return response
