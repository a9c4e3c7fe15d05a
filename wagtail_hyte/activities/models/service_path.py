"""A service path (palvelupolku): steps a client can follow, with a plain-language version."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import ServicePathStepBlock
from ..extensions import base_template
from .index import ActivityIndexPage, catalogue_parent_allowed


class ServicePathPage(Page):
    """Any parent Wagtail allows; with ``CATALOGUE_PARENT_PAGES`` set, under a
    catalogue or under a parent that setting allows."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link", "ul"])
    plain_intro = models.TextField(
        _("plain-language introduction"),
        blank=True,
        help_text=_("The introduction in selkokieli: short sentences, everyday words."),
    )
    steps = StreamField([("step", ServicePathStepBlock())], verbose_name=_("steps"), min_num=1)

    subpage_types: list[str] = []
    template = "wagtail_hyte/activities/service_path_page.html"

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("steps")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("plain_intro"),
        FieldPanel("steps"),
    ]

    class Meta:
        verbose_name = _("service path")
        verbose_name_plural = _("service paths")

    @classmethod
    def can_exist_under(cls, parent):
        if not super().can_exist_under(parent):
            return False
        parent_class = parent.specific_class
        if parent_class is not None and issubclass(parent_class, ActivityIndexPage):
            return True
        return catalogue_parent_allowed(parent)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["hyte_base_template"] = base_template()
        context["has_plain_language"] = bool(self.plain_intro) or any(
            step.value.get("plain_language") for step in self.steps
        )
        return context
