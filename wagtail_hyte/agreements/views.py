from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import EditView, InspectView, SnippetViewSet

from wagtail_hyte.core.adminviews import MENU_HOOK, HyteAccessMixin, HyteAdminMixin
from wagtail_hyte.core.paginator import CountLabelViewSetMixin
from wagtail_hyte.core.viewsets import ScopedViewSetMixin
from wagtail_hyte.partners.permissions import PartnerScopedPermissionPolicy

from . import services, versions
from .columns import LocalDateColumn, QuotaColumn
from .filters import PartnerAgreementFilterSet
from .forms import (
    PartnerAgreementForm,
    StatusChangeForm,
    VersionCompareForm,
    partner_activities,
)
from .models import AgreementStatus, PartnerAgreement

STATUS_PERMISSION = "wagtail_hyte_agreements.change_agreement_status"

ACTION_LABELS = {
    "activate": gettext_lazy("Activate"),
    "suspend": gettext_lazy("Suspend"),
    "resume": gettext_lazy("Resume"),
    "end": gettext_lazy("End"),
}

# The actions that are confirmed on a page of their own (GET asks, POST acts).
CONFIRMED_ACTIONS = ("suspend", "end")

PAGE_TITLES = {
    "activate": gettext_lazy("Activate agreement"),
    "suspend": gettext_lazy("Suspend agreement"),
    "resume": gettext_lazy("Resume agreement"),
    "end": gettext_lazy("End agreement"),
}

OPEN_ENDED = gettext_lazy("Open-ended")


class AgreementInspectView(InspectView):
    template_name = "wagtail_hyte/agreements/inspect.html"
    fields = [
        "partner",
        "reference_number",
        "title",
        "status",
        "valid_from",
        "valid_to",
        "covers_all_activities",
        "activities",
        "quota",
        "quota_period",
        "contact_days",
        "notification_emails",
        "signed_document",
        "notes",
    ]

    def get_valid_from_display_value(self):
        return date_format(self.object.valid_from)

    def get_valid_to_display_value(self):
        return date_format(self.object.valid_to) if self.object.valid_to else OPEN_ENDED

    def get_covers_all_activities_display_value(self):
        return _("Yes") if self.object.covers_all_activities else _("No")

    def get_signed_document_display_value(self):
        document = self.object.signed_document
        return document.title if document else "–"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.object
        rows = versions.timeline(agreement)
        context["versions"] = rows
        context["quota"] = (
            services.quota_status(agreement) if agreement.status == AgreementStatus.ACTIVE else None
        )
        user = self.request.user
        if AgreementStatusView.user_has_access(user):
            context["actions"] = [
                (action, ACTION_LABELS[action])
                for action in services.allowed_actions(agreement)
                if action not in CONFIRMED_ACTIONS
            ]
            context["confirmed_actions"] = [
                (action, PAGE_TITLES[action])
                for action in services.allowed_actions(agreement)
                if action in CONFIRMED_ACTIONS
            ]
            context["status_form"] = StatusChangeForm()
        compare = VersionCompareForm(self.request.GET or None, versions=rows)
        context["compare_form"] = compare
        if compare.is_bound and compare.is_valid():
            history = {row["record"].history_id: row["record"] for row in rows}
            a, b = history.get(compare.cleaned_data["a"]), history.get(compare.cleaned_data["b"])
            if a and b:
                if a.history_date > b.history_date:
                    a, b = b, a
                context["diff"] = versions.diff(a, b)
                context["diff_pair"] = (a, b)
        return context


class AgreementStatusView(HyteAdminMixin, FormView):
    """A status action (activate, suspend, resume, end) with a reason.

    GET is the confirmation page (what the action means, the reason field) and
    changes nothing; POST performs the action through the service. An action the
    agreement's status does not allow goes back to the inspect page with the
    service's message.
    """

    permission_required = STATUS_PERMISSION
    form_class = StatusChangeForm
    template_name = "wagtail_hyte/agreements/status_form.html"
    viewset = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.agreement = get_object_or_404(PartnerAgreement, pk=kwargs["pk"])
        self.action = kwargs["action"]

    def dispatch(self, request, *args, **kwargs):
        # Who may change a status is HyteAdminMixin's check (super); this is the URL.
        if self.action not in services.TRANSITIONS:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _inspect_url(self):
        return reverse(self.viewset.get_url_name("inspect"), args=[self.agreement.pk])

    def _refuse(self, exc):
        for message in exc.messages:
            messages.error(self.request, message)
        return redirect(self._inspect_url())

    def get(self, request, *args, **kwargs):
        try:
            services.check_transition(self.agreement, self.action)
        except ValidationError as exc:
            return self._refuse(exc)
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return PAGE_TITLES[self.action]

    def get_page_subtitle(self):
        return self.agreement.reference_number

    def get_parent_breadcrumbs_items(self):
        return [
            {
                "url": reverse(self.viewset.get_url_name("list")),
                "label": self.viewset.menu_label,
            },
            {"url": self._inspect_url(), "label": str(self.agreement)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            agreement=self.agreement,
            action=self.action,
            action_label=PAGE_TITLES[self.action],
            valid_to=date_format(self.agreement.valid_to) if self.agreement.valid_to else None,
            cancel_url=self._inspect_url(),
        )
        return context

    def form_valid(self, form):
        action = getattr(services, self.action)
        try:
            action(self.agreement, user=self.request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            return self._refuse(exc)
        messages.success(
            self.request,
            _("Agreement %(ref)s is now %(status)s.")
            % {
                "ref": self.agreement.reference_number,
                "status": PartnerAgreement.objects.get(pk=self.agreement.pk)
                .get_status_display()
                .lower(),
            },
        )
        return redirect(self._inspect_url())


def can_edit_agreements(user) -> bool:
    return AGREEMENT_POLICY.user_has_any_permission(user, ["add", "change"])


class PartnerActivitiesView(HyteAccessMixin, View):
    """The activities an agreement of ``?partner=<id>`` can cover, as JSON, for the
    covered-activities picker's script (``forms.CoveredActivitiesWidget``)."""

    access_test = can_edit_agreements
    viewset = None

    def get(self, request):
        partner_id = request.GET.get("partner", "")
        if not partner_id.isdigit():
            raise Http404
        activities = [
            {"id": activity.pk, "title": activity.title}
            for activity in partner_activities(int(partner_id))
        ]
        response = JsonResponse({"activities": activities})
        response["Cache-Control"] = "private, no-store"
        return response


class AgreementEditView(EditView):
    """Saves through ``services.update_agreement`` (row lock, stale-form check)."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as exc:
            form.add_service_error(exc)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def save_instance(self):
        form = self.form
        instance = form.save(commit=False)
        services.update_agreement(
            instance,
            user=self.request.user,
            reason=form.cleaned_data.get("change_reason", ""),
            expected_version=form.cleaned_data.get("agreement_version"),
            activities=form.cleaned_data.get("activities"),
            save_m2m=form.save_m2m,
        )
        log(instance=instance, action="wagtail.edit", user=self.request.user)
        return instance


class SignedDocumentView(View):
    """Download an agreement's signed document: the agreement's scope decides.

    The documents' collection is restricted to coordinators and auditors, so
    partner staff reach their own partner's signed agreement only here (the
    viewset's scope refuses any other partner's agreement before this runs).
    """

    viewset = None

    def get(self, request, pk):
        agreement = get_object_or_404(PartnerAgreement, pk=pk)
        if not AGREEMENT_POLICY.user_has_permission_for_instance(request.user, "view", agreement):
            raise PermissionDenied
        document = agreement.signed_document
        if document is None:
            raise Http404
        document.file.open("rb")
        response = FileResponse(document.file, as_attachment=True, filename=document.filename)
        response["Cache-Control"] = "private, no-store"
        return response


class PartnerAgreementViewSet(CountLabelViewSetMixin, ScopedViewSetMixin, SnippetViewSet):
    model = PartnerAgreement
    icon = "doc-full"
    menu_label = gettext_lazy("Partner agreements")
    menu_hook = MENU_HOOK
    menu_order = 200
    url_prefix = "hyte/agreements"
    inspect_view_enabled = True
    inspect_view_class = AgreementInspectView
    edit_view_class = AgreementEditView
    copy_view_enabled = False
    filterset_class = PartnerAgreementFilterSet
    list_display = [
        TitleColumn(
            "reference_number",
            label=gettext_lazy("Reference"),
            url_name="wagtailsnippets_wagtail_hyte_agreements_partneragreement:inspect",
        ),
        Column("partner", label=gettext_lazy("Partner")),
        Column("title", label=gettext_lazy("Title")),
        StatusTagColumn(
            "status",
            label=gettext_lazy("Status"),
            accessor="get_status_display",
            primary=lambda a: a.status == AgreementStatus.ACTIVE,
        ),
        LocalDateColumn("valid_from", label=gettext_lazy("Valid from")),
        LocalDateColumn("valid_to", label=gettext_lazy("Valid to"), empty=OPEN_ENDED),
        QuotaColumn(),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("partner"),
                    FieldRowPanel([FieldPanel("reference_number"), FieldPanel("title")]),
                    FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
                    FieldPanel("signed_document"),
                ],
                heading=gettext_lazy("Agreement"),
            ),
            MultiFieldPanel(
                [FieldPanel("covers_all_activities"), FieldPanel("activities")],
                heading=gettext_lazy("Covered activities"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("quota"), FieldPanel("quota_period")]),
                    FieldPanel("contact_days"),
                    FieldPanel("notification_emails"),
                ],
                heading=gettext_lazy("Referrals"),
            ),
            FieldPanel("notes"),
            FieldPanel("change_reason"),
            FieldPanel("agreement_version"),
        ],
        base_form_class=PartnerAgreementForm,
    )

    @property
    def permission_policy(self):
        return AGREEMENT_POLICY

    @property
    def status_view(self):
        return self.construct_view(AgreementStatusView, viewset=self)

    @property
    def partner_activities_view(self):
        return self.construct_view(PartnerActivitiesView, viewset=self)

    @property
    def signed_document_view(self):
        return self.construct_view(SignedDocumentView, viewset=self)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("status/<int:pk>/<str:action>/", self.status_view, name="status"),
            path("signed/<int:pk>/", self.signed_document_view, name="signed_document"),
            path(
                "partner-activities/",
                self.partner_activities_view,
                name="partner_activities",
            ),
        ]


AGREEMENT_POLICY = PartnerScopedPermissionPolicy(PartnerAgreement, partner_lookup="partner")
