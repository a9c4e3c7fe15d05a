from django.urls import path  # noqa: F401

app_name = "hyte_fhir"
urlpatterns: list = []
