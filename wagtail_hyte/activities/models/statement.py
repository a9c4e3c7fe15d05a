"""The accessibility statement (saavutettavuusseloste) the Finnish Act on the
Provision of Digital Services (306/2019) requires of a public-sector site.

The fields follow the model statement of the Finnish supervisory authority
(saavutettavuusvaatimukset.fi): compliance with WCAG 2.1 level AA, the content
that is not accessible (what, which criterion, why, and the alternative),
disproportionate burden, how and when the statement was prepared and last
reviewed, the feedback channel and the enforcement body.

Any parent page; nothing limits the number of statements (one per site and
language is usual). The footer links the first live one (``hyte_footer``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from wagtail_hyte.core.phone import normalise_phone

from ..extensions import base_template

TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]

# Since 1 January 2026 the Finnish Supervisory Authority (Lupa- ja valvontavirasto)
# supervises accessibility; its contact details are not defaulted: check them on
# saavutettavuusvaatimukset.fi.
DEFAULT_ENFORCEMENT_BODY = "Lupa- ja valvontavirasto, saavutettavuuden valvonta"
DEFAULT_ENFORCEMENT_URL = "https://www.saavutettavuusvaatimukset.fi/"
DEFAULT_ENFORCEMENT_EMAIL = ""
DEFAULT_ENFORCEMENT_PHONE = ""


class ComplianceStatus(models.TextChoices):
    FULL = "full", _("Fully compliant with WCAG 2.1 level AA")
    PARTIAL = "partial", _("Partially compliant with WCAG 2.1 level AA")
    NONE = "none", _("Not compliant with WCAG 2.1 level AA")


class AssessmentMethod(models.TextChoices):
    SELF = "self", _("Self-assessment")
    THIRD_PARTY = "third_party", _("Assessment by a third party")


class NonAccessibleItemBlock(blocks.StructBlock):
    """One piece of content that does not meet the requirements."""

    content = blocks.CharBlock(
        label=_("content or function"),
        max_length=300,
        help_text=_("What is not accessible, e.g. 'PDF timetables of the activities'."),
    )
    criterion = blocks.CharBlock(
        label=_("WCAG criterion"),
        max_length=200,
        required=False,
        help_text=_("E.g. '1.1.1 Non-text content (A)'."),
    )
    reason = blocks.TextBlock(
        label=_("what is wrong and why"),
        help_text=_("Describe the problem in words the reader understands."),
    )
    alternative = blocks.TextBlock(
        label=_("alternative or fix"),
        required=False,
        help_text=_("How to get the content another way, or when it will be fixed."),
    )

    class Meta:
        icon = "warning"
        label = _("Non-accessible content")


class AccessibilityStatementPage(Page):
    """Saavutettavuusseloste / tillgänglighetsutlåtande."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Which site or service the statement covers, and who provides it."),
    )
    compliance_status = models.CharField(
        _("compliance status"),
        max_length=20,
        choices=ComplianceStatus.choices,
        default=ComplianceStatus.PARTIAL,
    )
    non_accessible_content = StreamField(
        [("item", NonAccessibleItemBlock())],
        verbose_name=_("non-accessible content"),
        blank=True,
        help_text=_("Required unless the site is fully compliant."),
    )
    disproportionate_burden = RichTextField(
        _("disproportionate burden"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_(
            "Content left inaccessible because fixing it would be a disproportionate "
            "burden, and why (optional)."
        ),
    )
    assessment_method = models.CharField(
        _("how the statement was prepared"),
        max_length=20,
        choices=AssessmentMethod.choices,
        default=AssessmentMethod.SELF,
    )
    assessor = models.CharField(
        _("assessed by"),
        max_length=200,
        blank=True,
        help_text=_("The organisation that assessed the site, for a third-party assessment."),
    )
    prepared_on = models.DateField(_("statement prepared on"))
    reviewed_on = models.DateField(
        _("statement last reviewed on"),
        null=True,
        blank=True,
        help_text=_("Review the statement at least once a year."),
    )
    feedback_email = models.EmailField(_("feedback email"))
    feedback_phone = models.CharField(_("feedback phone"), max_length=40, blank=True)
    feedback_url = models.URLField(
        _("feedback form"), blank=True, help_text=_("A web form for accessibility feedback.")
    )
    enforcement_body = models.CharField(
        _("enforcement body"), max_length=200, default=DEFAULT_ENFORCEMENT_BODY
    )
    enforcement_url = models.URLField(
        _("enforcement body's website"), blank=True, default=DEFAULT_ENFORCEMENT_URL
    )
    enforcement_email = models.EmailField(
        _("enforcement body's email"), blank=True, default=DEFAULT_ENFORCEMENT_EMAIL
    )
    enforcement_phone = models.CharField(
        _("enforcement body's phone"), max_length=40, blank=True, default=DEFAULT_ENFORCEMENT_PHONE
    )

    subpage_types: list[str] = []
    template = "wagtail_hyte/activities/accessibility_statement_page.html"

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("compliance_status"),
        FieldPanel("non_accessible_content"),
        FieldPanel("disproportionate_burden"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("assessment_method"), FieldPanel("assessor")]),
                FieldRowPanel([FieldPanel("prepared_on"), FieldPanel("reviewed_on")]),
            ],
            heading=_("Preparation of the statement"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("feedback_email"),
                FieldRowPanel([FieldPanel("feedback_phone"), FieldPanel("feedback_url")]),
            ],
            heading=_("Feedback"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("enforcement_body"),
                FieldPanel("enforcement_url"),
                FieldRowPanel([FieldPanel("enforcement_email"), FieldPanel("enforcement_phone")]),
            ],
            heading=_("Enforcement"),
        ),
    ]

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def clean(self):
        super().clean()
        errors = {}
        if self.compliance_status != ComplianceStatus.FULL and not self.non_accessible_content:
            errors["non_accessible_content"] = _(
                "List the content that is not accessible, or choose 'fully compliant'."
            )
        if self.assessment_method == AssessmentMethod.THIRD_PARTY and not self.assessor:
            errors["assessor"] = _("Name the organisation that assessed the site.")
        if self.prepared_on and self.reviewed_on and self.reviewed_on < self.prepared_on:
            errors["reviewed_on"] = _("The review cannot be before the statement was prepared.")
        for field in ("feedback_phone", "enforcement_phone"):
            value = getattr(self, field)
            if value:
                try:
                    setattr(self, field, normalise_phone(value, field=field))
                except ValidationError as exc:
                    errors.setdefault(field, exc.messages[0])
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["hyte_base_template"] = base_template()
        return context
