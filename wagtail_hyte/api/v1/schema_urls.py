"""The API v1's OpenAPI schema and its documentation page."""

from django.urls import path

from .docs import DocsView
from .schema import SchemaView

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
]
