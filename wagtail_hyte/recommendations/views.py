"""The professional's recommendation views in the Wagtail admin (their work tool)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from wagtail_hyte.core.adminviews import HyteAccessMixin, HyteAdminMixin
from wagtail_hyte.core.forms import add_service_errors
from wagtail_hyte.core.sensitive import SensitiveDataMixin

from . import compose, services, shortlist
from .choices import Channel, DeliveryStatus
from .forms import RecommendForm, service_choices
from .models import Delivery

RECENT_DELIVERIES = 10


class ProfessionalRequiredMixin(HyteAccessMixin):
    """Open to those who may recommend (``services.can_recommend``)."""

    access_test = staticmethod(services.can_recommend)


def _activity_ids(data) -> list:
    return data.getlist("activity") + data.getlist("activities")


def recommend_url(activity_ids=(), **params) -> str:
    query = [("activity", i) for i in activity_ids] + list(params.items())
    return reverse("hyte_recommend:recommend") + ("?" + urlencode(query) if query else "")


def print_url(name, activity_ids, language, plain) -> str:
    query = [("activity", i) for i in activity_ids] + [("language", language)]
    if plain:
        query.append(("plain", "1"))
    return reverse(name) + "?" + urlencode(query)


def recent_deliveries(user):
    return list(Delivery.objects.filter(user=user)[:RECENT_DELIVERIES])


@method_decorator(sensitive_post_parameters("phone", "email"), name="dispatch")
class RecommendView(SensitiveDataMixin, ProfessionalRequiredMixin, HyteAdminMixin, FormView):
    template_name = "wagtail_hyte/recommendations/recommend.html"
    form_class = RecommendForm
    page_title = gettext_lazy("Recommend to a client")
    header_icon = "mail"

    def candidates(self):
        wanted = _activity_ids(self.request.GET) + _activity_ids(self.request.POST)
        if self.request.GET.get("shortlist") or not wanted:
            wanted += shortlist.ids(self.request)
        return services.recommendable(wanted)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.activities = self.candidates()
        kwargs["activities"] = self.activities
        kwargs["languages"] = services.client_languages()
        return kwargs

    def get_initial(self):
        language = self.request.GET.get("language") or "fi"
        return {
            "activities": [a.pk for a in self.candidates()],
            "channel": Channel.SMS,
            "language": language if language in services.client_languages() else "fi",
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            activities=self.activities,
            shortlist_count=len(shortlist.ids(self.request)),
            deliveries=recent_deliveries(self.request.user),
        )
        return context

    def add_service_errors(self, form, exc):
        add_service_errors(form, exc)

    def choices(self, data) -> dict:
        """What the professional chose, as the services take it (preview and send alike)."""
        return service_choices(data, user=self.request.user, request=self.request)

    def show_preview(self, form):
        """The message as the client would get it; nothing is sent or saved."""
        data = form.cleaned_data
        try:
            preview = services.preview(**self.choices(data))
        except ValidationError as exc:
            self.add_service_errors(form, exc)
            return self.form_invalid(form)
        return self.render_to_response(
            self.get_context_data(form=form, preview=preview, preview_channel=data["channel"])
        )

    def form_valid(self, form):
        data = form.cleaned_data
        if "preview" in self.request.POST:
            return self.show_preview(form)
        try:
            result = services.recommend(
                **self.choices(data), phone=data["phone"], email=data["email"]
            )
        except ValidationError as exc:
            self.add_service_errors(form, exc)
            return self.form_invalid(form)
        ids = [a.pk for a in result.activities]
        self.take_off_shortlist(ids)
        if result.channel == Channel.PRINT:
            return redirect(print_url("hyte_recommend:print", ids, data["language"], data["plain"]))
        self.report(result)
        return redirect(recommend_url(ids))

    def take_off_shortlist(self, ids):
        """What was recommended leaves the short list (the next client starts afresh)."""
        listed = [i for i in ids if shortlist.contains(self.request, i)]
        for activity_id in listed:
            shortlist.remove(self.request, activity_id)
        if listed:
            messages.info(
                self.request,
                ngettext(
                    "%(count)s activity was taken off your short list.",
                    "%(count)s activities were taken off your short list.",
                    len(listed),
                )
                % {"count": len(listed)},
            )

    def report(self, result):
        what = _("The text message") if result.channel == Channel.SMS else _("The email")
        if result.status == DeliveryStatus.SENT:
            messages.success(self.request, _("%(what)s was sent.") % {"what": what})
        elif result.status == DeliveryStatus.RETRYING:
            messages.warning(
                self.request,
                _(
                    "%(what)s could not be sent just now (%(problem)s). It will be retried "
                    "automatically: follow its status under Recent messages. If the client "
                    "needs it now, print the recommendation instead."
                )
                % {"what": what, "problem": result.problem},
            )
        else:
            messages.error(
                self.request,
                _(
                    "%(what)s could not be sent (%(problem)s). Check the address or number, "
                    "or print the recommendation instead."
                )
                % {"what": what, "problem": result.problem},
            )


class ShortlistView(ProfessionalRequiredMixin, HyteAdminMixin, TemplateView):
    template_name = "wagtail_hyte/recommendations/shortlist.html"
    page_title = gettext_lazy("Short list")
    header_icon = "list-ul"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["activities"] = services.recommendable(shortlist.ids(self.request))
        context["deliveries"] = recent_deliveries(self.request.user)
        context["recommend_url"] = reverse("hyte_recommend:recommend") + "?shortlist=1"
        return context


class ShortlistChangeView(ProfessionalRequiredMixin, View):
    """POST: add, remove or clear; then back to ``next`` (a local URL) or the list."""

    action = "add"
    http_method_names = ["post"]

    def post(self, request, pk=None):
        if self.action == "clear":
            shortlist.clear(request)
            messages.success(request, _("The short list is empty."))
        elif self.action == "remove":
            shortlist.remove(request, pk)
            messages.success(request, _("Removed from the short list."))
        else:
            if not services.recommendable([pk]):
                raise PermissionDenied
            if shortlist.add(request, pk):
                count = len(shortlist.ids(request))
                messages.success(
                    request,
                    ngettext(
                        "Added to the short list: %(count)s activity on it.",
                        "Added to the short list: %(count)s activities on it.",
                        count,
                    )
                    % {"count": count},
                )
            else:
                messages.error(request, _("The short list is full."))
        target = request.POST.get("next") or request.GET.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("hyte_recommend:shortlist")
        return redirect(target)


class PrintView(ProfessionalRequiredMixin, View):
    """The cover letter and activities as a print-optimised page, or as a PDF."""

    pdf = False
    template_name = "wagtail_hyte/recommendations/print.html"

    def get(self, request):
        activities = services.recommendable(_activity_ids(request.GET))
        language = request.GET.get("language", "fi")
        plain = request.GET.get("plain") == "1"
        try:
            services.check_request(
                user=request.user, activities=activities, channel=Channel.PRINT, language=language
            )
        except ValidationError as exc:
            return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain")
        comp = compose.composition(
            activities, user=request.user, language=language, plain=plain, request=request
        )
        ids = [a.pk for a in activities]
        from . import pdf as pdf_module

        if self.pdf and not pdf_module.pdf_available():
            return self.pdf_unavailable()
        context = {
            **compose.letter_context(comp),
            "pdf": self.pdf,
            "pdf_available": pdf_module.pdf_available(),
            "pdf_url": print_url("hyte_recommend:pdf", ids, language, plain),
            "back_url": recommend_url(ids),
        }
        html = render_to_string(self.template_name, context, request=request)
        if not self.pdf:
            return HttpResponse(html)
        try:
            pdf = pdf_module.html_to_pdf(html)
        except pdf_module.PdfUnavailable:
            return self.pdf_unavailable()
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="recommendation.pdf"'
        return response

    @staticmethod
    def pdf_unavailable():
        return HttpResponse(
            _("PDF printouts are not available on this site. Use Print instead."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )


FIGURES_PERMISSION = "wagtail_hyte_recommendations.view_recommendationcount"


class FiguresView(HyteAdminMixin, TemplateView):
    permission_required = FIGURES_PERMISSION
    template_name = "wagtail_hyte/recommendations/figures.html"
    page_title = gettext_lazy("Recommendation figures")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        from datetime import timedelta

        from django.utils import timezone

        from .report import figures

        context = super().get_context_data(**kwargs)
        end = timezone.localdate()
        start = (end - timedelta(days=365)).replace(day=1)
        context.update(report=figures(start, end), start=start, end=end)
        return context
