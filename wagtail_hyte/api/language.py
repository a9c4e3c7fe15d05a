"""The language of an API response: the one the request asks for (its
language cookie or ``Accept-Language``, as Django reads them, else the site's
``LANGUAGE_CODE``).

Django's LocaleMiddleware gives a URL without a language prefix the site's
default language when the site's pages use ``i18n_patterns`` with
``prefix_default_language=False`` (the example site does): the API's URLs have
no prefix, so they would always answer in that language. A view that answers
in the request's language says so in ``Content-Language``.
"""

from __future__ import annotations

from django.utils import translation


def request_language(request) -> str:
    return translation.get_language_from_request(request, check_path=False)
