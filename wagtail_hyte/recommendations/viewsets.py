from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.tables import Column, TitleColumn, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from wagtail_hyte.core.adminviews import MENU_HOOK
from wagtail_hyte.core.paginator import CountLabelViewSetMixin

from .models import MessageTemplate


class MessageTemplateViewSet(CountLabelViewSetMixin, SnippetViewSet):
    model = MessageTemplate
    icon = "mail"
    menu_label = _("Message templates")
    menu_hook = MENU_HOOK
    menu_order = 320
    url_prefix = "hyte/message-templates"
    copy_view_enabled = False
    list_filter = ["kind", "language"]
    list_display = [
        TitleColumn(
            "kind",
            label=_("Kind"),
            accessor="get_kind_display",
            url_name="wagtailsnippets_wagtail_hyte_recommendations_messagetemplate:edit",
        ),
        Column("language", label=_("Language"), accessor="get_language_display"),
        Column("subject", label=pgettext_lazy("email", "Subject")),
        UpdatedAtColumn(),
    ]
