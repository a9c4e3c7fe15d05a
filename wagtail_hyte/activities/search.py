"""Catalogue search: what residents type, as plain words, on any Wagtail search backend.

* ``words``: the user's text becomes plain words (lower case; letters of any
  alphabet, åäö included, and digits; hyphenated compounds kept together).
  Query syntax is dropped: quotes, parentheses, ``*``, ``+``/``-`` operators,
  ``AND``/``OR``/``NOT``. Nothing typed reaches the backend as syntax.
* ``build_query``: every word must match (AND); a word matches itself or any of
  its ``SearchSynonym`` equivalents (OR). A phrase equivalent, like a
  hyphenated word, matches when all of its parts do.
* ``search``: the best hits. When nothing is found, words that find nothing
  on their own are corrected to the closest known word (``vocabulary``: names
  of themes, target groups, accessibility features and municipalities, live
  activity titles and synonym words) and the search runs once more; the
  result says which query it is for (``Hits.corrected``).
* ``index_activity``: an activity's search index entry, written by
  ``denormalise.refresh_activity`` with the rest of its derived data, from the
  page as it is in memory (its themes, target groups and municipalities
  included, which are committed only after Wagtail's own ``post_save``
  indexing would run: ``ActivityPage.search_auto_update`` is off).

Queries: one for the synonyms of the words and one search; a search that finds
nothing costs one search per word and the vocabulary (cached under the
catalogue version, like listings: any page save, taxonomy change or synonym
change replaces it).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from wagtail.search import index
from wagtail.search.query import And, Or, PlainText, SearchQuery

from . import cache as listing_cache
from .models import (
    AccessibilityFeature,
    ActivityPage,
    SearchSynonym,
    TargetGroup,
    Theme,
)

# A word: letters and digits, with single hyphens inside (``digi-tuki``).
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
OPERATORS = frozenset({"AND", "OR", "NOT"})
MAX_WORDS = 8
# Taxonomy facets whose term names are in the search index (``ActivityPage.search_fields``):
# renaming a term re-indexes its activities.
INDEXED_TERM_FACETS = ("theme", "target_group")
# Typo correction: only words this long, only to words this similar (difflib ratio).
MIN_CORRECTION_LENGTH = 4
CORRECTION_CUTOFF = 0.75
VOCABULARY_MIN_LENGTH = 3


@dataclass(frozen=True)
class Hits:
    """Activity ids, best first; ``corrected``: the query they are for, if a word was corrected."""

    ids: list[int] = field(default_factory=list)
    corrected: str = ""


def words(text: str | None, *, limit: int | None = MAX_WORDS) -> list[str]:
    """The plain words of ``text`` in lower case, in order, each once (at most ``limit``)."""
    found: list[str] = []
    for match in WORD.finditer(text or ""):
        token = match.group()
        if token in OPERATORS:  # written as an operator, not as a word
            continue
        word = token.casefold()
        if word not in found:
            found.append(word)
    return found if limit is None else found[:limit]


def phrases(text: str | None) -> list[str]:
    """Comma- or line-separated phrases of ``text``, each as its plain words."""
    result = []
    for part in (text or "").replace("\n", ",").split(","):
        phrase = " ".join(words(part, limit=None))
        if phrase and phrase not in result:
            result.append(phrase)
    return result


def synonyms_for(terms: list[str]) -> dict[str, list[str]]:
    """{word: [equivalent phrase, ...]} for those of ``terms`` that have synonyms (one query)."""
    rows = SearchSynonym.objects.filter(word__in=terms).values_list("word", "equivalents")
    return {word: [p for p in phrases(text) if p != word] for word, text in rows}


def _phrase_query(phrase: str) -> SearchQuery:
    parts = [part for word in phrase.split() for part in word.split("-")]
    query = PlainText(" ".join(parts), operator="and")
    if len(parts) > 1 and " " not in phrase:
        # A hyphenated compound is also written as one word: "digi-tuki", "digituki".
        query = Or([query, PlainText("".join(parts))])
    return query


def build_query(terms: list[str], synonyms: dict[str, list[str]] | None = None) -> SearchQuery:
    """Every term (AND), each as itself or any of its synonyms (OR)."""
    synonyms = synonyms or {}
    per_term = []
    for term in terms:
        alternatives = [_phrase_query(p) for p in [term, *synonyms.get(term, ())]]
        per_term.append(alternatives[0] if len(alternatives) == 1 else Or(alternatives))
    return per_term[0] if len(per_term) == 1 else And(per_term)


def _ids(queryset, terms, synonyms, limit) -> list[int]:
    results = queryset.only("pk").search(build_query(terms, synonyms), order_by_relevance=True)
    return [page.pk for page in results[:limit]]


def search(queryset, text: str | None, *, limit: int) -> Hits | None:
    """The best ``limit`` hits for ``text`` among ``queryset`` (activity pages); None
    when ``text`` has no words to search for."""
    terms = words(text)
    if not terms:
        return None
    synonyms = synonyms_for(terms)
    ids = _ids(queryset, terms, synonyms, limit)
    if ids:
        return Hits(ids)
    corrected, synonyms = correct(queryset, terms, synonyms)
    if corrected == terms:
        return Hits()
    ids = _ids(queryset, corrected, synonyms, limit)
    return Hits(ids, " ".join(corrected)) if ids else Hits()


def correct(queryset, terms: list[str], synonyms: dict[str, list[str]]):
    """(``terms`` with each word that finds nothing on its own replaced by the
    closest known word when one is close enough, the synonyms of the result)."""
    known = None
    result = []
    for term in terms:
        # A single term has just been searched for and found nothing.
        finds_nothing = len(terms) == 1 or not _ids(queryset, [term], synonyms, 1)
        if finds_nothing and len(term) >= MIN_CORRECTION_LENGTH:
            known = vocabulary() if known is None else known
            if term not in known.synonyms and term not in known.word_set:
                close = difflib.get_close_matches(term, known.words, n=1, cutoff=CORRECTION_CUTOFF)
                if close:
                    term = close[0]
                    if term in known.synonyms:
                        synonyms = {**synonyms, term: known.synonyms[term]}
        result.append(term)
    return result, synonyms


@dataclass
class Vocabulary:
    """The words a typo may be corrected to (sorted), and every synonym."""

    words: list[str]
    synonyms: dict[str, list[str]]

    @property
    def word_set(self) -> frozenset[str]:
        return frozenset(self.words)


def _vocabulary() -> Vocabulary:
    texts: list[str] = []
    for model in (Theme, TargetGroup, AccessibilityFeature):
        for names in model.objects.values_list("name_fi", "name_sv", "name_en"):
            texts.extend(names)
    pages = ActivityPage.objects.live()
    texts.extend(pages.values_list("title", flat=True))
    texts.extend(
        name
        for names in pages.values_list("municipalities__name_fi", "municipalities__name_sv")
        .distinct()
        .order_by()
        for name in names
        if name
    )
    synonyms = {
        word: [p for p in phrases(text) if p != word]
        for word, text in SearchSynonym.objects.values_list("word", "equivalents")
    }
    found = set(synonyms)
    for text in texts:
        for word in words(text, limit=None):
            found.add(word)
            found.update(word.split("-"))
    return Vocabulary(sorted(w for w in found if len(w) >= VOCABULARY_MIN_LENGTH), synonyms)


def vocabulary() -> Vocabulary:
    """The known words and synonyms, cached under the catalogue version (which
    every page save, taxonomy change and synonym change replaces)."""
    backend = listing_cache.listing_cache()
    version = listing_cache.current_version() if backend else None
    key = listing_cache.make_key(version, "search-vocabulary") if version else None
    cached = backend.get(key) if key else None
    if cached is not None:
        return Vocabulary(*cached)
    result = _vocabulary()
    if key:
        backend.set(key, (result.words, result.synonyms), listing_cache.timeout())
    return result


def index_activity(page) -> None:
    """Write ``page``'s search index entry (every search backend) from the page in memory."""
    index.insert_or_update_object(page)


def unindex_activity(page) -> None:
    """Remove a deleted activity's search index entry."""
    index.remove_object(page)
