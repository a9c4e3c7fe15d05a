from django.urls import path

from . import views

urlpatterns = [
    path("recommendations/", views.RecommendationView.as_view(), name="recommendation-create"),
    path(
        "recommendations/preview/",
        views.PreviewView.as_view(),
        name="recommendation-preview",
    ),
]
