"""Template filters for the public catalogue pages."""

from django import template
from django.db.models.signals import post_delete, post_save
from django.utils.html import format_html
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from wagtail_hyte.core.phone import display_phone

from ..models.taxonomy import TaxonomyTerm

register = template.Library()

# {locale id: language code}, for pages outside the site roots (page_language).
# Locales are few and rarely change: one query per process and after a change.
_locale_codes: dict[int, str] = {}


def _forget_locales(**kwargs) -> None:
    _locale_codes.clear()


post_save.connect(_forget_locales, sender=Locale, dispatch_uid="hyte_catalogue_locales")
post_delete.connect(_forget_locales, sender=Locale, dispatch_uid="hyte_catalogue_locales")


def _primary(code: str) -> str:
    return (code or "").lower().replace("_", "-").split("-")[0]


def locale_code(locale_id: int | None) -> str:
    """The language code of a Locale, from a map cached per process."""
    if locale_id is None:
        return ""
    if locale_id not in _locale_codes:
        _locale_codes.clear()
        _locale_codes.update(Locale.objects.values_list("pk", "language_code"))
    return _locale_codes.get(locale_id, "")


def page_language(page: Page) -> str:
    """The language of a page's own content.

    Pages take their parent's locale, so the language of the site root (or root
    translation) above the page is its locale's: Wagtail's site root paths give
    it without a query (they are cached, and every ``pageurl`` reads them). A page
    outside every site root falls back to the cached Locale map. An alias (e.g. a
    parent Wagtail copied for a translation) shows its original's content, in the
    original's language (one query, for aliases only).
    """
    if page.alias_of_id:
        original = Page.objects.filter(pk=page.alias_of_id).values_list("locale_id", flat=True)
        return locale_code(original.first())
    url_path = page.url_path or ""
    for root in Site.get_site_root_paths():  # the most specific first
        if url_path.startswith(root.root_path) and root.language_code:
            return root.language_code
    return locale_code(page.locale_id)


@register.filter
def phone_display(value) -> str:
    """``{{ page.contact_phone|phone_display }}``: 040 123 4567 for a Finnish number."""
    return display_phone(value) if value else ""


@register.filter
def content_lang(value) -> str:
    """The language of ``value``'s content when it differs from the active language, else "".

    * a page: the language of its Locale (a Finnish page served at /sv/ gives "fi"),
      or of its original's for an alias (``page_language``);
    * a taxonomy term: "fi" when the active language has no name and ``name``
      falls back to Finnish;
    * a language code: that code.

    Use it for ``lang`` attributes (WCAG 2.1 SC 3.1.2, language of parts):
    ``{% with lang=page|content_lang %}<h1{% if lang %} lang="{{ lang }}"{% endif %}>``,
    or shorter with ``lang_attr``.
    """
    active = _primary(get_language() or "fi")
    if isinstance(value, Page):
        code = page_language(value)
    elif isinstance(value, TaxonomyTerm):
        code = active if getattr(value, f"name_{active}", "") else "fi"
    else:
        code = str(value or "")
    return code if code and _primary(code) != active else ""


@register.filter
def lang_attr(value) -> str:
    """`` lang="fi"`` when ``value``'s content is not in the active language, else ""."""
    code = content_lang(value)
    return format_html(' lang="{}"', code) if code else ""


@register.filter
def card_term_labels(items) -> list[tuple[str, str]]:
    """Listing-card labels ``[[fi, sv, en], ...]`` as ``[(label, lang), ...]``.

    The copied labels already fall back to Finnish (``TaxonomyTerm.labels``), so a
    label in the active language that is the same as the Finnish one is taken to
    be the fallback and gets ``lang="fi"`` (``lang`` is "" otherwise).
    """
    active = _primary(get_language() or "fi")
    result = []
    for labels in items or ():
        fi, sv, en = (list(labels) + ["", "", ""])[:3]
        label = {"sv": sv, "en": en}.get(active) or fi
        fallback = active in ("sv", "en") and label == fi
        result.append((label, "fi" if fallback and active != "fi" else ""))
    return result
