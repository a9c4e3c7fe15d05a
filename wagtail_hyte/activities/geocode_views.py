"""The editor's "Find coordinates from the address" endpoint (``geocode.js``).

``POST /admin/hyte/geocode/`` (``hyte_geocode:locate``) with ``street_address``,
``postal_code`` and ``municipality`` (a ``Municipality`` pk) answers JSON:

- 200 ``{"latitude": "62.241111", "longitude": "25.748889", "label", "message"}``
- 404 ``{"message"}``: no place found for the address
- 502 ``{"message"}``: the address service failed (timeout, HTTP error, garbage)
- 400 ``{"message", "errors"}``: bad input
- 403 ``{"message"}``: the user may not edit pages (Wagtail's admin wrapper
  already refuses anonymous users and users without admin access: a redirect to
  the login, or 403 for ``X-Requested-With: XMLHttpRequest``, which the script sends)
- 405: not a POST (CSRF-protected like every admin form)
- 429 ``{"message"}``: the user's lookups are used up (``GEOCODER["RATE_LIMIT"]``,
  default 30 per 10 minutes)
- 503 ``{"message"}``: no geocoder is configured (``GEOCODER`` is ``None``)

Only the venue address is sent on; nothing about the user or any person.
"""

from __future__ import annotations

import time

from django import forms
from django.core.cache import cache
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_protect
from wagtail.permission_policies.pages import PagePermissionPolicy

from wagtail_hyte.core.adminviews import HyteAccessMixin
from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.models import Municipality

from . import geocoding
from .models.activity import postal_code_validator
from .page_permissions import organiser_ids

DEFAULT_RATE_LIMIT = (30, 600)  # lookups per seconds, per user


def can_geocode(user) -> bool:
    """Active admin users who may edit some page: superusers, holders of any page
    "add" or "change" permission, and partner staff editing their organisation's
    pages (``page_permissions``)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    if user.is_superuser:
        return True
    if PagePermissionPolicy().user_has_any_permission(user, ["add", "change"]):
        return True
    return bool(organiser_ids(user))


def rate_limit() -> tuple[int, int]:
    config = hyte_settings.GEOCODER
    value = config.get("RATE_LIMIT") if isinstance(config, dict) else None
    if value is None:
        return DEFAULT_RATE_LIMIT
    count, seconds = value
    return int(count), int(seconds)


def take_lookup(user) -> bool:
    """Count one lookup for ``user`` in the current window; False when used up."""
    count, seconds = rate_limit()
    window = int(time.time() // seconds)
    key = f"hyte:geocode:{user.pk}:{seconds}:{window}"
    cache.add(key, 0, timeout=seconds + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 5)
        used = 1
    return used <= count


class GeocodeForm(forms.Form):
    street_address = forms.CharField(
        max_length=200,
        error_messages={"required": gettext_lazy("Fill in the street address first.")},
    )
    postal_code = forms.CharField(max_length=5, required=False, validators=[postal_code_validator])
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.all(),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a municipality from the list.")},
    )


def _message(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"message": str(message), **extra}, status=status)


@method_decorator(csrf_protect, name="dispatch")
class GeocodeView(HyteAccessMixin, View):
    """``HyteAccessMixin``'s rule (``can_geocode``), but refused with a JSON 403
    rather than ``PermissionDenied``, which Wagtail's admin wrapper would turn
    into a redirect for a request without ``X-Requested-With``."""

    access_test = can_geocode
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_access(request.user):
            return _message(gettext("You may not look up addresses."), 403)
        return View.dispatch(self, request, *args, **kwargs)

    def post(self, request):
        if not geocoding.is_configured():
            return _message(geocoding.not_configured_message(), 503)
        form = GeocodeForm(request.POST)
        if not form.is_valid():
            errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
            first = next(iter(errors.values()))[0]
            return _message(first, 400, errors=errors)
        if not take_lookup(request.user):
            return _message(
                gettext("Too many address lookups. Wait a few minutes or type the coordinates."),
                429,
            )
        data = form.cleaned_data
        municipality = data.get("municipality")
        outcome, result, message = geocoding.lookup(
            data["street_address"],
            data.get("postal_code") or "",
            municipality.name if municipality else "",
        )
        if outcome == geocoding.FOUND:
            return JsonResponse(
                {
                    "latitude": str(result.latitude),
                    "longitude": str(result.longitude),
                    "label": result.label,
                    "message": message,
                }
            )
        status = {geocoding.NOT_FOUND: 404, geocoding.OFF: 503}.get(outcome, 502)
        return _message(message, status)
