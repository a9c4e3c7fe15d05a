"""The catalogue root: listing, search and filters, and public partner profiles.

Where catalogues (and service paths outside a catalogue) may be created is set
by ``WAGTAIL_HYTE["CATALOGUE_PARENT_PAGES"]`` (``catalogue_parent_allowed``),
checked by Wagtail's ``can_exist_under`` for creating, copying and moving.
"""

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.coreutils import resolve_model_string
from wagtail.fields import RichTextField
from wagtail.models import Page, Site

from wagtail_hyte.core.conf import SETTINGS_NAME, hyte_settings
from wagtail_hyte.partners.models import Partner

from ..extensions import activity_badges, base_template

SETTING = "CATALOGUE_PARENT_PAGES"


def _parent_rules():
    """``None`` (anywhere Wagtail allows) or ``(page models, page ids, paths)``."""
    entries = hyte_settings.CATALOGUE_PARENT_PAGES
    if entries is None:
        return None
    if isinstance(entries, (str, int)) or not hasattr(entries, "__iter__"):
        raise ImproperlyConfigured(
            f"{SETTINGS_NAME}[{SETTING!r}] must be None or a list of page-type labels, "
            "page paths and page ids."
        )
    models, ids, paths = set(), set(), set()
    for entry in entries:
        if isinstance(entry, bool) or not isinstance(entry, (str, int)):
            raise ImproperlyConfigured(f"{SETTINGS_NAME}[{SETTING!r}]: {entry!r} is not valid.")
        if isinstance(entry, int):
            ids.add(entry)
        elif entry.startswith("/"):
            paths.add("/" + entry.strip("/") + "/" if entry.strip("/") else "/")
        else:
            try:
                model = resolve_model_string(entry)
            except (LookupError, ValueError) as exc:
                raise ImproperlyConfigured(
                    f"{SETTINGS_NAME}[{SETTING!r}]: {entry!r} is not a model label "
                    f"(app_label.ModelName): {exc}"
                ) from exc
            if not issubclass(model, Page):
                raise ImproperlyConfigured(
                    f"{SETTINGS_NAME}[{SETTING!r}]: {entry!r} is not a page type."
                )
            models.add(model)
    return models, ids, paths


def _site_paths(page) -> set[str]:
    """The page's path on every site it belongs to, e.g. ``{"/palvelut/"}``."""
    found = set()
    for root in Site.get_site_root_paths():
        if page.url_path.startswith(root.root_path):
            found.add("/" + page.url_path[len(root.root_path) :])
    return found


def catalogue_parent_allowed(parent) -> bool:
    """May a catalogue (or a service path outside a catalogue) be placed under ``parent``?

    True when ``CATALOGUE_PARENT_PAGES`` is None (the default), or when
    ``parent`` is of a listed page type (exactly, as in Wagtail's
    ``parent_page_types``), has a listed id, or has a listed path on its site.
    """
    rules = _parent_rules()
    if rules is None:
        return True
    models, ids, paths = rules
    if parent.pk in ids or parent.specific_class in models:
        return True
    return bool(paths) and not _site_paths(parent).isdisjoint(paths)


@register("wagtail_hyte")
def check_catalogue_parent_pages(app_configs, **kwargs):
    try:
        _parent_rules()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="hyte.E020")]
    return []


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

    @classmethod
    def can_exist_under(cls, parent):
        # Wagtail's can_create_at (add view, copy) and can_move_to (move,
        # page chooser) both ask this.
        return super().can_exist_under(parent) and catalogue_parent_allowed(parent)

    def get_context(self, request, *args, **kwargs):
        from ..catalogue import SORTS, build_listing

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

                record_search(
                    request,
                    listing.query,
                    listing.total,
                    filters={f.name: f.value for f in listing.active_filters},
                )
        return response

    @re_path(r"^partners/(?P<slug>[-\w]+)/$")
    def partner_profile(self, request, slug):
        from ..catalogue import candidates

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
