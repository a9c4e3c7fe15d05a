"""Search synonyms: words a welfare area's editors map to the words activities use.

A resident searching "jumppa" finds activities about "liikunta" when a
``SearchSynonym`` says so. Editors manage them as snippets (HYTE menu);
``activities/search.py`` reads them at query time. Migration 0004 ships a few
Finnish and Swedish defaults (``DEFAULT_SYNONYMS``, ``seed_synonyms``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


def _words(text: str) -> list[str]:
    from ..search import words

    return words(text, limit=None)


def _phrases(text: str) -> list[str]:
    from ..search import phrases

    return phrases(text)


class SearchSynonym(models.Model):
    """``word`` also finds what each of ``equivalents`` finds (one direction)."""

    word = models.CharField(
        _("word"),
        max_length=60,
        unique=True,
        help_text=_("One word as residents type it, e.g. 'jumppa'. Saved in lower case."),
    )
    equivalents = models.TextField(
        _("also search for"),
        help_text=_(
            "Words or phrases with the same meaning, separated by commas, e.g. "
            "'liikunta, kuntosali'. A phrase finds activities that have all of its words."
        ),
    )

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["word"]

    @classmethod
    def count_label(cls, n: int) -> str:
        """The listing count (core/paginator.py)."""
        return ngettext("%(count)s search synonym", "%(count)s search synonyms", n) % {"count": n}

    def __str__(self) -> str:
        return self.word

    def clean(self):
        super().clean()
        errors = {}
        if len(_words(self.word)) != 1:
            errors["word"] = _("Enter exactly one word.")
        if not self.equivalent_list():
            errors["equivalents"] = _("Enter at least one word or phrase.")
        if errors:
            raise ValidationError(errors)
        self.normalise()

    def normalise(self) -> None:
        """The word and the equivalents as search compares them: lower case, plain words."""
        found = _words(self.word)
        self.word = found[0] if found else self.word.strip().casefold()
        self.equivalents = ", ".join(self.equivalent_list())

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def equivalent_list(self) -> list[str]:
        """Each equivalent as its plain words, without repeats or the word itself."""
        word = " ".join(_words(self.word))
        return [phrase for phrase in _phrases(self.equivalents) if phrase != word]


# Shipped by migration 0004 (editors change or delete them afterwards): everyday
# words residents type, mapped to the words of the shipped themes and target
# groups, in Finnish and Swedish (the catalogue's content is mostly Finnish).
DEFAULT_SYNONYMS = [
    ("jumppa", "liikunta, kuntosali, vesijumppa"),
    ("kuntoilu", "liikunta, kuntosali"),
    ("kävely", "retki, ulkoilu, liikunta"),
    ("ulkoilu", "luonto, retki"),
    ("muisti", "muistisairaus, aivoterveys, mielen hyvinvointi"),
    ("mielenterveys", "mielen hyvinvointi"),
    ("yksinäisyys", "osallisuus, yhdessäolo, vertaistuki"),
    ("eläkeläiset", "ikäihmiset, seniorit"),
    ("ruoka", "ravitsemus, ruokakurssi"),
    ("tietokone", "digituki, digitaidot"),
    ("älypuhelin", "digituki, digitaidot"),
    ("gympa", "liikunta, motion"),
    ("promenad", "retki, ulkoilu, liikunta, motion"),
    ("friluftsliv", "luonto, natur, retki"),
    ("minne", "muisti, muistisairaus, mielen hyvinvointi"),
    ("ensamhet", "osallisuus, gemenskap, vertaistuki, kamratstöd"),
    ("digistöd", "digituki, digitaidot, digitala färdigheter"),
    ("pensionärer", "ikäihmiset, äldre"),
]


def seed_synonyms(model) -> int:
    """Create the missing ``DEFAULT_SYNONYMS`` (``model``: ``SearchSynonym`` or its
    migration state); never overwrites an editor's changes. Returns how many were made."""
    existing = set(model.objects.values_list("word", flat=True))
    missing = [
        model(word=word, equivalents=equivalents)
        for word, equivalents in DEFAULT_SYNONYMS
        if word not in existing
    ]
    model.objects.bulk_create(missing)
    return len(missing)
