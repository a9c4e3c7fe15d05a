"""The FHIR R4 interface (docs/api-fhir.md), mounted at ``api/fhir/``."""

from django.urls import path, re_path

from . import views

app_name = "hyte_fhir"
urlpatterns = [
    path("metadata", views.MetadataView.as_view(), name="metadata"),
    path("ServiceRequest", views.ServiceRequestSearchView.as_view(), name="servicerequest-search"),
    path(
        "ServiceRequest/<str:resource_id>",
        views.ServiceRequestView.as_view(),
        name="servicerequest",
    ),
    path(
        "ServiceRequest/<str:resource_id>/$reveal",
        views.RevealView.as_view(),
        name="servicerequest-reveal",
    ),
    path("Task", views.TaskSearchView.as_view(), name="task-search"),
    path("Task/<str:resource_id>", views.TaskView.as_view(), name="task"),
    path("Consent/<str:resource_id>", views.ConsentView.as_view(), name="consent"),
    path("CodeSystem/<str:resource_id>", views.CodeSystemView.as_view(), name="codesystem"),
    path(
        "OperationDefinition/<str:resource_id>",
        views.OperationDefinitionView.as_view(),
        name="operationdefinition",
    ),
    path(
        "StructureDefinition/<str:resource_id>",
        views.StructureDefinitionView.as_view(),
        name="structuredefinition",
    ),
    re_path(r"^.*$", views.UnknownView.as_view(), name="unknown"),
]
