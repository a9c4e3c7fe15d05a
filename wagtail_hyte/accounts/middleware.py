"""``SignInPolicyMiddleware``: until a session has passed its second factor,
a user who needs one reaches only the page where they pass it.

After ``django_otp.middleware.OTPMiddleware`` (which says whether the session
is verified). For a signed-in user who ``mfa.requires_second_factor`` and
whose session is not verified:

* enrolled (a confirmed authenticator): only the verification page, signing
  out, and Wagtail's JavaScript catalogue and icons; every other admin URL redirects to
  the verification page with ``?next=<path>``;
* not enrolled: only the enrolment page, signing out, the catalogue and icons;
* JSON and script requests to the admin get 403 instead of a redirect;
* everything outside the admin (public pages, the API, documents) is served
  as to an anonymous visitor, so nothing staff-only leaks there either.

The pages allowed are named by URL name, resolved from the request's path;
"the admin" is every path under the prefix Wagtail's dashboard resolves to.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from . import mfa

VERIFY = "wagtail_hyte_accounts:verify"
ENROL = "wagtail_hyte_accounts:enrol"
#: URL names reachable at every step before the second factor is passed:
#: signing out, and what Wagtail's sign-in look loads (its translations for
#: JavaScript and its icons).
ALWAYS_ALLOWED = frozenset(
    {"wagtailadmin_logout", "wagtailadmin_javascript_catalog", "wagtailadmin_sprite"}
)
ALLOWED_ENROLLED = ALWAYS_ALLOWED | {VERIFY}
ALLOWED_NOT_ENROLLED = ALWAYS_ALLOWED | {ENROL}


def admin_prefix() -> str:
    """The path prefix of the Wagtail admin (``/admin/`` on the example site)."""
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:
        return "/admin/"


def wants_json(request) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        request.headers.get("X-Requested-With") == "XMLHttpRequest"
        or "application/json" in accept
        or request.content_type == "application/json"
    )


def url_name(request) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


async def _anonymous():
    return AnonymousUser()


class SignInPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.check(request)
        return response if response is not None else self.get_response(request)

    def check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not mfa.requires_second_factor(user, request) or mfa.is_verified(request):
            return None
        enrolled = mfa.has_confirmed_factor(user)
        allowed = ALLOWED_ENROLLED if enrolled else ALLOWED_NOT_ENROLLED
        if url_name(request) in allowed:
            return None
        if not request.path.startswith(admin_prefix()):
            # Outside the admin the session counts as not signed in.
            request.user = AnonymousUser()
            request.auser = _anonymous
            return None
        if wants_json(request):
            return JsonResponse(
                {
                    "error": "second_factor_required",
                    "detail": _("Pass your second factor first."),
                },
                status=403,
            )
        target = reverse(VERIFY if enrolled else ENROL)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
