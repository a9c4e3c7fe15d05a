"""What every sign-in page shares: ``next`` kept to this site, and the page
view behind the second factor and re-authentication pages.

The pages look like Wagtail's sign-in page (``sign_in_base.html`` extends
``wagtailadmin/admin_base.html`` with the ``login`` body class) because a user
reaches them before the admin. Every page: never cached, POST values and local
variables kept out of error reports, no code or password in a URL or a
message, ``next`` only to this site.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache

from wagtail_hyte.core.sensitive import SensitiveDataMixin

from ..forms import describe_fields


def safe_next(request) -> str:
    """The ``next`` of the request if it points to this site, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


@method_decorator(never_cache, name="dispatch")
class SignInPageView(SensitiveDataMixin, View):
    """A sign-in page for a signed-in user (``sign_in_base.html``)."""

    template_name = ""
    page_title = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        return super().dispatch(request, *args, **kwargs)

    def render(self, status=200, **context):
        # Wagtail's sign-in look hides the errors under the fields (they stay
        # the fields' descriptions); the page shows them with its messages.
        page_errors = []
        for value in context.values():
            if hasattr(value, "fields") and hasattr(value, "is_bound"):
                describe_fields(value)
                if value.is_bound:
                    page_errors += [error for errors in value.errors.values() for error in errors]
        context["page_errors"] = page_errors
        context.setdefault("page_title", self.page_title)
        context["next"] = safe_next(self.request)
        return TemplateResponse(self.request, self.template_name, context, status=status)
