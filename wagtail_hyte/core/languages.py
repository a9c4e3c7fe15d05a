"""The languages wagtail-hyte ships, in order: Finnish, Swedish, English.

The one list of them. Each app's translations (``<app>/locale/{fi,sv,en}``), the
default of ``WAGTAIL_HYTE["LANGUAGES"]``, the client languages of recommendations,
the taxonomy names (``name_fi``, ``name_sv``, ``name_en``) and the facet labels
come from here. A host site's settings may import it (the example site does):
``LANGUAGES = list(wagtail_hyte.core.languages.LANGUAGES)``.

Only Django's ``gettext_lazy`` is imported, so settings modules can import this.
"""

from django.utils.translation import gettext_lazy as _

#: (code, name) pairs, the shape of Django's ``LANGUAGES`` setting.
LANGUAGES = (("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English")))

#: The codes alone: ("fi", "sv", "en").
LANGUAGE_CODES = tuple(code for code, _name in LANGUAGES)
