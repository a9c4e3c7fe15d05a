from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from wagtail_hyte.core.adminviews import MENU_HOOK
from wagtail_hyte.core.paginator import CountLabelViewSetMixin
from wagtail_hyte.core.viewsets import ScopedViewSetMixin
from wagtail_hyte.core.widgets import MunicipalityPicker

from .models import Partner, PartnerMembership
from .permissions import PartnerScopedPermissionPolicy

# Only coordinators create partners; the same permission guards the fields that
# identify a partner (kind, business ID, slug) and its active flag.
COORDINATOR_ONLY = "wagtail_hyte_partners.add_partner"


class YesNoColumn(BooleanColumn):
    """A tick or cross with translated "Yes"/"No" text for screen readers
    (Wagtail's BooleanColumn titles its icon "True"/"False")."""

    cell_template_name = "wagtail_hyte/partners/yes_no_cell.html"


class PartnerViewSet(CountLabelViewSetMixin, ScopedViewSetMixin, SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = _("Partners")
    menu_hook = MENU_HOOK
    menu_order = 100
    url_prefix = "hyte/partners"
    list_display = ["name", "kind", "business_id", YesNoColumn("active", label=_("Active"))]
    list_filter = ["kind", "active"]
    inspect_view_enabled = True
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                # Registration fields are coordinator-only: for anyone else they
                # are left out of the form, so POSTed values are ignored.
                FieldRowPanel(
                    [
                        FieldPanel("kind", permission=COORDINATOR_ONLY),
                        FieldPanel("business_id", permission=COORDINATOR_ONLY),
                    ]
                ),
                FieldPanel("slug", permission=COORDINATOR_ONLY),
                FieldPanel("active", permission=COORDINATOR_ONLY),
            ],
            heading=_("Organisation"),
        ),
        FieldPanel("municipalities", widget=MunicipalityPicker),
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


class PartnerMembershipViewSet(CountLabelViewSetMixin, ScopedViewSetMixin, SnippetViewSet):
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
