"""Test-only views for the API token tests: one staff view with a scope per
method, one public view. Nothing else is mounted, so the tests do not depend
on the API's resource views."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from wagtail_hyte.api.base import PublicAPIMixin, StaffAPIMixin


class WhoAmI(StaffAPIMixin, APIView):
    required_scopes = {"GET": "referrals:read", "POST": "referrals:write"}

    def get(self, request):
        return Response({"user": request.user.pk, "token": getattr(request.auth, "pk", None)})

    def post(self, request):
        return Response({"user": request.user.pk, "written": True})


class Ping(PublicAPIMixin, APIView):
    def get(self, request):
        return Response({"pong": True})


urlpatterns = [
    path("test-api/whoami/", WhoAmI.as_view(), name="test_whoami"),
    path("test-api/ping/", Ping.as_view(), name="test_ping"),
]
