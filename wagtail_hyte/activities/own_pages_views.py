"""HYTE -> Our activity pages: partner staff see the activity pages their
organisation organises and open them in Wagtail's page editor.

Who may edit what is decided by ``page_permissions`` (the page editor asks the
page itself); this screen only lists the pages and says how changes get
published.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.models import WorkflowPage

from wagtail_hyte.core.adminviews import HyteAdminMixin

from .page_permissions import editable_activity_pages, organiser_actions, organiser_ids

PUBLISH = "publish"
REVIEW = "review"
EDITOR = "editor"


def may_open(user) -> bool:
    return bool(organiser_ids(user))


def workflow_paths() -> list[str]:
    """Tree paths of the pages that start an active workflow (one query)."""
    if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
        return []
    return list(
        WorkflowPage.objects.filter(workflow__active=True).values_list("page__path", flat=True)
    )


def publishing_of(page, paths: list[str]) -> str:
    """How this user's changes to ``page`` get published."""
    if "publish" in organiser_actions():
        return PUBLISH
    if any(page.path.startswith(path) for path in paths):
        return REVIEW
    return EDITOR


PUBLISHING_LABELS = {
    PUBLISH: gettext_lazy("You publish your changes."),
    REVIEW: gettext_lazy(
        "Save a draft and submit it for review from the menu beside Save draft: the "
        "welfare area's editors review and publish it."
    ),
    EDITOR: gettext_lazy(
        "Save a draft: the welfare area's editors publish it. Tell them when it is ready."
    ),
}


class OwnActivityPagesView(HyteAdminMixin, TemplateView):
    template_name = "wagtail_hyte/activities/admin/own_pages.html"
    page_title = gettext_lazy("Our activity pages")
    header_icon = "doc-full"
    access_test = staticmethod(may_open)

    def get_rows(self):
        here = reverse("hyte_activity_pages:index")
        pages = (
            editable_activity_pages(self.request.user)
            .select_related("organiser")
            .prefetch_workflow_states()
            .annotate_approved_schedule()
            .order_by("organiser__name", "title", "pk")
        )
        paths = workflow_paths()
        rows = []
        for page in pages:
            edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
            rows.append(
                {
                    "page": page,
                    "edit_url": f"{edit_url}?{urlencode({'next': here})}",
                    "live_url": page.get_url(self.request) if page.live else "",
                    "status": page.status_string,
                    "publishing": PUBLISHING_LABELS[publishing_of(page, paths)],
                }
            )
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.get_rows()
        context["rows"] = rows
        context["several_partners"] = len({row["page"].organiser_id for row in rows}) > 1
        context["empty_message"] = _(
            "Your organisation has no activity pages in the catalogue yet. Ask the welfare "
            "area's editors to add one: you can then keep it up to date here."
        )
        return context
