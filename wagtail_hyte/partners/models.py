from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords
from wagtail.fields import RichTextField
from wagtail.search import index

from .validators import normalise_business_id, validate_business_id


class PartnerKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    ASSOCIATION = "association", _("Association")
    PARISH = "parish", _("Parish")
    COMPANY = "company", _("Company")
    PROJECT = "project", _("Project")
    WELFARE_AREA = "welfare_area", _("Welfare area")


class PartnerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Partner(index.Indexed, models.Model):
    """An organisation that runs wellbeing activities (hyte-toimija)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Used in the address of the public profile. Filled in from the name."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    business_id = models.CharField(
        _("business ID"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
        help_text=_("Finnish business ID (Y-tunnus), e.g. 1234567-8. Leave empty if none."),
    )
    municipalities = models.ManyToManyField(
        "wagtail_hyte_core.Municipality",
        verbose_name=_("municipalities served"),
        related_name="partners",
        blank=True,
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    description = RichTextField(
        _("description"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive partners are hidden from the public and cannot receive referrals."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[municipalities])

    objects = PartnerQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("business_id"),
        index.AutocompleteField("business_id"),
        index.FilterField("id"),  # the partner scope filters by id
        index.FilterField("kind"),
        index.FilterField("active"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        permissions = [
            ("view_all_partners", _("Can see and manage all partners, not only their own")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["business_id"],
                condition=~Q(business_id=""),
                name="hyte_partner_unique_business_id",
                violation_error_message=_("Another partner already has this business ID."),
            ),
        ]

    @classmethod
    def count_label(cls, n: int) -> str:
        """The listing count (core/paginator.py)."""
        return ngettext("%(count)s partner", "%(count)s partners", n) % {"count": n}

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.business_id:
            self.business_id = normalise_business_id(self.business_id)
        if self.phone:
            from wagtail_hyte.core.phone import normalise_phone

            self.phone = normalise_phone(self.phone, field="phone")

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self) -> str:
        base = slugify(self.name, allow_unicode=True)[:190] or "partner"
        slug, n = base, 2
        while Partner.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


class MembershipRole(models.TextChoices):
    STAFF = "staff", _("Staff")
    MANAGER = "manager", _("Manager")


class PartnerMembership(models.Model):
    """A user working for a partner. Staff handle referrals; managers also get
    agreement reminders and answer for the partner's data."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="hyte_partner_memberships",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.STAFF
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partner__name", "user__username"]
        verbose_name = _("partner membership")
        verbose_name_plural = _("partner memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "user"],
                name="hyte_membership_unique_partner_user",
                violation_error_message=_("This user is already a member of this partner."),
            )
        ]

    @classmethod
    def count_label(cls, n: int) -> str:
        """The listing count (core/paginator.py)."""
        return ngettext("%(count)s partner membership", "%(count)s partner memberships", n) % {
            "count": n
        }

    def __str__(self):
        return f"{self.user} – {self.partner} ({self.get_role_display()})"
