from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from wagtail_hyte.activities.extensions import ACTIONS_HOOK, Action
from wagtail_hyte.core.adminviews import admin_urls, register_menu_item

from . import services, shortlist, views
from .viewsets import MessageTemplateViewSet

register_snippet(MessageTemplateViewSet)


@hooks.register("register_admin_urls")
def register_urls():
    return [
        admin_urls(
            "hyte/recommend/",
            "hyte_recommend",
            [
                path("", views.RecommendView.as_view(), name="recommend"),
                path("shortlist/", views.ShortlistView.as_view(), name="shortlist"),
                path(
                    "shortlist/add/<int:pk>/",
                    views.ShortlistChangeView.as_view(action="add"),
                    name="shortlist_add",
                ),
                path(
                    "shortlist/remove/<int:pk>/",
                    views.ShortlistChangeView.as_view(action="remove"),
                    name="shortlist_remove",
                ),
                path(
                    "shortlist/clear/",
                    views.ShortlistChangeView.as_view(action="clear"),
                    name="shortlist_clear",
                ),
                path("print/", views.PrintView.as_view(), name="print"),
                path("print/pdf/", views.PrintView.as_view(pdf=True), name="pdf"),
                path("figures/", views.FiguresView.as_view(), name="figures"),
            ],
        )
    ]


register_menu_item(
    _("Recommend: short list"),
    "hyte_recommend:shortlist",
    view=views.ShortlistView,
    icon_name="list-ul",
    order=300,
    name="hyte-recommend",
)
register_menu_item(
    _("Recommendation figures"),
    "hyte_recommend:figures",
    view=views.FiguresView,
    icon_name="table",
    order=410,
    name="hyte-recommendation-figures",
)


@hooks.register(ACTIONS_HOOK)
def recommend_actions(page, request):
    """ "Recommend" and "add to / remove from short list" for professionals."""
    if not services.can_recommend(getattr(request, "user", None)):
        return []
    actions = [
        Action(
            _("Recommend to a client"),
            views.recommend_url([page.pk]),
            key="recommend",
        )
    ]
    back = "?" + views.urlencode({"next": request.get_full_path()})
    if shortlist.contains(request, page.pk):
        actions.append(
            Action(
                _("Remove from short list"),
                reverse("hyte_recommend:shortlist_remove", args=[page.pk]) + back,
                key="shortlist-remove",
                method="post",
            )
        )
    else:
        actions.append(
            Action(
                _("Add to short list"),
                reverse("hyte_recommend:shortlist_add", args=[page.pk]) + back,
                key="shortlist-add",
                method="post",
            )
        )
    return actions
