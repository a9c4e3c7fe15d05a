from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class MunicipalityQuerySet(models.QuerySet):
    def in_welfare_area(self, name: str):
        return self.filter(welfare_area=name)


class Municipality(models.Model):
    """A Finnish municipality (kunta), with its official Statistics Finland code.

    Loaded from ``core/fixtures/municipalities.json`` by a data migration; shared
    by partners (municipalities served) and activities (where they take place).
    """

    code = models.CharField(_("code"), max_length=3, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)
    region = models.CharField(_("region"), max_length=100, db_index=True)
    welfare_area = models.CharField(_("welfare area"), max_length=100, db_index=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    @property
    def name(self) -> str:
        language = (get_language() or "fi")[:2]
        return self.name_sv if language == "sv" else self.name_fi

    def __str__(self) -> str:
        return self.name
