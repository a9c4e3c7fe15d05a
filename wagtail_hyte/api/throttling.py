"""Rate limits of the HYTE API: per API token on the staff views
(``API_TOKEN_THROTTLE_RATE``), per client address on the public views
(``API_PUBLIC_THROTTLE_RATE``).

Both are DRF ``SimpleRateThrottle``s counting in Django's default cache (use a
cache shared by every app server, e.g. Redis, or each server counts on its
own). Their rates come from ``WAGTAIL_HYTE``, never from the host site's
``REST_FRAMEWORK`` settings; a rate of ``None`` switches a throttle off. A
request over the rate answers 429 with ``Retry-After`` (``errors.exception_handler``).
"""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from wagtail_hyte.core.conf import hyte_settings

from .models import ApiToken


def client_address(request) -> str:
    """The caller's address: ``REMOTE_ADDR``, or with ``API_NUM_PROXIES`` = n the
    n-th address from the right of ``X-Forwarded-For`` (the one the outermost
    trusted proxy saw). The rest of that header is the client's to write, so it is
    never used as it stands (DRF's default would, letting a client pick a new
    address for every request)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = int(hyte_settings.API_NUM_PROXIES or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote
    return addresses[-min(proxies, len(addresses))]


class PublicRateThrottle(SimpleRateThrottle):
    """Requests per client address to the public, unauthenticated views."""

    scope = "hyte_public"

    def get_rate(self):
        return hyte_settings.API_PUBLIC_THROTTLE_RATE

    def get_ident(self, request):
        return client_address(request)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ApiTokenRateThrottle(SimpleRateThrottle):
    """Requests per API token. A request with the admin session is not counted
    here (the person in the browser is not an integration)."""

    scope = "hyte_token"

    def get_rate(self):
        return hyte_settings.API_TOKEN_THROTTLE_RATE

    def get_cache_key(self, request, view):
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
