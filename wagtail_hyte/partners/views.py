from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from wagtail_hyte.core.viewsets import ScopedViewSetMixin
from wagtail_hyte.core.wagtail_hooks import MENU_HOOK

from .models import Partner, PartnerMembership
from .permissions import PartnerScopedPermissionPolicy


class PartnerViewSet(ScopedViewSetMixin, SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = _("Partners")
    menu_hook = MENU_HOOK
    menu_order = 100
    url_prefix = "hyte/partners"
    list_display = ["name", "kind", "business_id", BooleanColumn("active")]
    list_filter = ["kind", "active"]
    inspect_view_enabled = True
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("business_id")]),
                FieldPanel("slug"),
                FieldPanel("active"),
            ],
            heading=_("Organisation"),
        ),
        FieldPanel("municipalities"),
        MultiFieldPanel(
            [FieldPanel("website"), FieldRowPanel([FieldPanel("email"), FieldPanel("phone")])],
            heading=_("Public contact details"),
        ),
        FieldPanel("description"),
        FieldPanel("logo"),
    ]

    @property
    def permission_policy(self):
        return PARTNER_POLICY


class PartnerMembershipViewSet(ScopedViewSetMixin, SnippetViewSet):
    model = PartnerMembership
    icon = "user"
    menu_label = _("Partner members")
    menu_hook = MENU_HOOK
    menu_order = 110
    url_prefix = "hyte/partner-members"
    list_display = ["user", "partner", "role"]
    list_filter = ["role", "partner"]
    copy_view_enabled = False
    panels = [FieldPanel("partner"), FieldPanel("user"), FieldPanel("role")]

    @property
    def permission_policy(self):
        return MEMBERSHIP_POLICY


PARTNER_POLICY = PartnerScopedPermissionPolicy(Partner, partner_lookup="")
MEMBERSHIP_POLICY = PartnerScopedPermissionPolicy(PartnerMembership, partner_lookup="partner")
