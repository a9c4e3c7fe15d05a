"""The public catalogue resources (``views.py``). Activities, service paths
and partners are found by ``{key}``: an id, or else a slug."""

from django.urls import path, re_path

from . import views

KEY = r"(?P<key>[-\w]+)"
SLUG = r"(?P<slug>[-\w]+)"

urlpatterns = [
    path("activities/", views.ActivityListView.as_view(), name="activity-list"),
    re_path(rf"^activities/{KEY}/$", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("service-paths/", views.ServicePathListView.as_view(), name="service-path-list"),
    re_path(
        rf"^service-paths/{KEY}/$",
        views.ServicePathDetailView.as_view(),
        name="service-path-detail",
    ),
    path("partners/", views.PartnerListView.as_view(), name="partner-list"),
    re_path(rf"^partners/{KEY}/$", views.PartnerDetailView.as_view(), name="partner-detail"),
    path("themes/", views.ThemeListView.as_view(), name="theme-list"),
    re_path(rf"^themes/{SLUG}/$", views.ThemeDetailView.as_view(), name="theme-detail"),
    path("target-groups/", views.TargetGroupListView.as_view(), name="target-group-list"),
    re_path(
        rf"^target-groups/{SLUG}/$",
        views.TargetGroupDetailView.as_view(),
        name="target-group-detail",
    ),
    path(
        "accessibility-features/",
        views.AccessibilityFeatureListView.as_view(),
        name="accessibility-feature-list",
    ),
    re_path(
        rf"^accessibility-features/{SLUG}/$",
        views.AccessibilityFeatureDetailView.as_view(),
        name="accessibility-feature-detail",
    ),
    path("municipalities/", views.MunicipalityListView.as_view(), name="municipality-list"),
    re_path(
        r"^municipalities/(?P<code>[0-9]{1,3})/$",
        views.MunicipalityDetailView.as_view(),
        name="municipality-detail",
    ),
]
