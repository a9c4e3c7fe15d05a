"""The catalogue root: listing, search and filters, and public partner profiles."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page


class ActivityIndexPage(RoutablePageMixin, Page):
    """The activity catalogue (hyvinvointitarjotin).

    ``?q=&municipality=&theme=&target_group=&age=&free=&language=&format=
    &accessibility=&day=&time=&sort=&page=`` filter the listing; every URL can
    be shared. ``partners/<slug>/`` shows a partner's public profile.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])

    subpage_types = [
        "wagtail_hyte_activities.ActivityPage",
        "wagtail_hyte_activities.ServicePathPage",
    ]
    template = "wagtail_hyte/activities/activity_index_page.html"
    partner_template = "wagtail_hyte/activities/partner_profile.html"

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("activity catalogue")
        verbose_name_plural = _("activity catalogues")

    def get_context(self, request, *args, **kwargs):
        from ..catalogue import SORTS, build_listing
        from ..extensions import activity_badges, base_template

        context = super().get_context(request, *args, **kwargs)
        listing = build_listing(self, request.GET, today=timezone.localdate())
        badges = activity_badges(listing.results, request)
        for result in listing.results:
            result.badges = badges.get(result.pk, [])
        params = request.GET.copy()
        params.pop("page", None)
        context.update(
            hyte_base_template=base_template(),
            listing=listing,
            sorts=SORTS,
            query_without_page=params.urlencode(),
            # Service paths are shown on the plain catalogue, not on result pages.
            service_paths=[] if listing.has_criteria else self.service_paths(),
        )
        return context

    def service_paths(self):
        from ..catalogue import public_q
        from .service_path import ServicePathPage

        return list(
            ServicePathPage.objects.child_of(self).live().filter(public_q()).order_by("path")
        )

    @path("")
    def catalogue(self, request):
        response = self.render(request)
        if not getattr(request, "is_preview", False):
            listing = response.context_data["listing"]
            if listing.has_criteria:
                from ..counters import record_search

                record_search(request, listing.query, listing.total)
        return response

    @re_path(r"^partners/(?P<slug>[-\w]+)/$")
    def partner_profile(self, request, slug):
        from wagtail_hyte.partners.models import Partner

        from ..catalogue import candidates
        from ..extensions import base_template

        partner = get_object_or_404(Partner, slug=slug)
        if not partner.active:
            raise Http404
        activities = (
            candidates(self, timezone.localdate()).filter(organiser=partner).order_by("title")
        )
        return TemplateResponse(
            request,
            self.partner_template,
            {
                "page": self,
                "self": self,
                "partner": partner,
                "activities": list(activities),
                "municipalities": list(partner.municipalities.all()),
                "hyte_base_template": base_template(),
            },
        )

    def partner_url(self, partner, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("partner_profile", args=[partner.slug])
