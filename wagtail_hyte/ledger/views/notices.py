from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from wagtail_hyte.core.adminviews import MENU_HOOK
from wagtail_hyte.core.paginator import CountLabelViewSetMixin
from wagtail_hyte.core.viewsets import ChooserPermissionViewSetMixin

from ..models import ConsentNotice


def language_choices():
    return list(settings.LANGUAGES)


class ConsentNoticeViewSet(CountLabelViewSetMixin, ChooserPermissionViewSetMixin, SnippetViewSet):
    """Coordinators publish the consent texts; a text in use cannot be changed."""

    model = ConsentNotice
    icon = "doc-full"
    menu_label = _("Consent notices")
    menu_hook = MENU_HOOK
    menu_order = 480
    url_prefix = "hyte/consent-notices"
    list_display = ["key", "version", "language", "title", "created_at"]
    list_filter = ["key", "language"]
    inspect_view_enabled = True
    copy_view_enabled = True
    inspect_view_fields = ["key", "version", "language", "title", "text", "text_sha256"]
    panels = [
        FieldRowPanel([FieldPanel("key"), FieldPanel("version")]),
        FieldPanel("language", widget=forms.Select(choices=language_choices)),
        FieldPanel("title"),
        FieldPanel("text"),
    ]
