from django.conf import settings
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


class StaffProfile(models.Model):
    """A staff member's work contact details: how clients and partners reach them.

    Shown on the client's referral receipt and on the partner's referral page
    next to the professional's name. Work details only (no personal data of
    clients); each user keeps their own in the admin's account settings.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="hyte_staff_profile",
    )
    unit = models.CharField(
        _("unit"),
        max_length=200,
        blank=True,
        help_text=_("Your unit or service, e.g. 'Jyväskylä health centre, social work'."),
    )
    work_phone = models.CharField(
        _("work phone"),
        max_length=20,
        blank=True,
        help_text=_("A work number clients and partners may call, e.g. 014 266 0000."),
    )
    work_email = models.EmailField(
        _("work email"),
        blank=True,
        help_text=_("Leave empty to use the email address of your account."),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return self.unit or str(self.user)

    def clean(self):
        super().clean()
        if self.work_phone:
            from .phone import normalise_phone

            self.work_phone = normalise_phone(self.work_phone, field="work_phone")
