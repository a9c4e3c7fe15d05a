"""Admin widgets of the activity editor.

``CoordinatesLookupInput`` (a location's latitude): the normal number input
and, only when a geocoder is configured (``WAGTAIL_HYTE["GEOCODER"]``), a
hidden "Find coordinates from the address" button with an ``aria-live`` status.
``geocode.js`` shows the button and fills the row's latitude and longitude from
``hyte_geocode:locate``. Without JavaScript the button stays hidden and
``ActivityPageForm`` fills empty coordinates on save (``geocoding.py``).
"""

from __future__ import annotations

from django import forms
from django.urls import NoReverseMatch, reverse


class CoordinatesLookupInput(forms.NumberInput):
    template_name = "wagtail_hyte/activities/widgets/coordinates_lookup.html"

    class Media:
        js = ["wagtail_hyte/activities/geocode.js"]

    def get_context(self, name, value, attrs):
        from .geocoding import is_configured

        context = super().get_context(name, value, attrs)
        url = ""
        if is_configured():
            try:
                url = reverse("hyte_geocode:locate")
            except NoReverseMatch:
                url = ""
        context["widget"]["geocode_url"] = url
        return context
