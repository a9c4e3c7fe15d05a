"""Managed taxonomies: themes, target groups and accessibility features.

Editors manage them as snippets (HYTE menu). Each term has a stable ``slug``
(used in URLs: ``?theme=nature``) and names in Finnish, Swedish and English;
``name`` picks the active language and falls back to Finnish.
"""

from django.db import models
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _


class TaxonomyTerm(models.Model):
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        help_text=_("Short identifier used in addresses, e.g. 'nature'. Do not change it lightly."),
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name_fi"]

    @property
    def name(self) -> str:
        return self.name_in((get_language() or "fi")[:2])

    def name_in(self, language: str) -> str:
        value = getattr(self, f"name_{language}", "") if language in ("fi", "sv", "en") else ""
        return value or self.name_fi

    def labels(self) -> dict[str, str]:
        return {lang: self.name_in(lang) for lang in ("fi", "sv", "en")}

    def __str__(self) -> str:
        return self.name


class Theme(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    @classmethod
    def count_label(cls, n: int) -> str:
        """The listing count (core/paginator.py)."""
        return ngettext("%(count)s theme", "%(count)s themes", n) % {"count": n}


class TargetGroup(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    @classmethod
    def count_label(cls, n: int) -> str:
        """The listing count (core/paginator.py)."""
        return ngettext("%(count)s target group", "%(count)s target groups", n) % {"count": n}


class AccessibilityFeature(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("accessibility feature")
        verbose_name_plural = _("accessibility features")

    @classmethod
    def count_label(cls, n: int) -> str:
        """The listing count (core/paginator.py)."""
        return ngettext(
            "%(count)s accessibility feature", "%(count)s accessibility features", n
        ) % {"count": n}
