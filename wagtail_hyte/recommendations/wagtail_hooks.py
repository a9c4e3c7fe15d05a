from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from wagtail_hyte.activities.extensions import ACTIONS_HOOK, Action
from wagtail_hyte.core.wagtail_hooks import MENU_HOOK

from . import services, shortlist, views
from .viewsets import MessageTemplateViewSet

register_snippet(MessageTemplateViewSet)


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("hyte/recommend/", views.RecommendView.as_view(), name="hyte_recommend"),
        path(
            "hyte/recommend/shortlist/",
            views.ShortlistView.as_view(),
            name="hyte_recommend_shortlist",
        ),
        path(
            "hyte/recommend/shortlist/add/<int:pk>/",
            views.ShortlistChangeView.as_view(action="add"),
            name="hyte_recommend_shortlist_add",
        ),
        path(
            "hyte/recommend/shortlist/remove/<int:pk>/",
            views.ShortlistChangeView.as_view(action="remove"),
            name="hyte_recommend_shortlist_remove",
        ),
        path(
            "hyte/recommend/shortlist/clear/",
            views.ShortlistChangeView.as_view(action="clear"),
            name="hyte_recommend_shortlist_clear",
        ),
        path("hyte/recommend/print/", views.PrintView.as_view(), name="hyte_recommend_print"),
        path(
            "hyte/recommend/print/pdf/",
            views.PrintView.as_view(pdf=True),
            name="hyte_recommend_pdf",
        ),
        path(
            "hyte/recommend/figures/",
            views.FiguresView.as_view(),
            name="hyte_recommend_figures",
        ),
    ]


class ProfessionalMenuItem(MenuItem):
    def is_shown(self, request):
        return services.can_recommend(request.user)


class FiguresMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.FIGURES_PERMISSION)


@hooks.register(MENU_HOOK)
def register_shortlist_menu_item():
    return ProfessionalMenuItem(
        _("Recommend: short list"),
        reverse("hyte_recommend_shortlist"),
        icon_name="list-ul",
        order=300,
        name="hyte-recommend",
    )


@hooks.register(MENU_HOOK)
def register_figures_menu_item():
    return FiguresMenuItem(
        _("Recommendation figures"),
        reverse("hyte_recommend_figures"),
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
                reverse("hyte_recommend_shortlist_remove", args=[page.pk]) + back,
                key="shortlist-remove",
                method="post",
            )
        )
    else:
        actions.append(
            Action(
                _("Add to short list"),
                reverse("hyte_recommend_shortlist_add", args=[page.pk]) + back,
                key="shortlist-add",
                method="post",
            )
        )
    return actions
