from wagtail.snippets.models import register_snippet

from wagtail_hyte.core.viewsets import register_policy

from .models import Partner, PartnerMembership
from .views import MEMBERSHIP_POLICY, PARTNER_POLICY, PartnerMembershipViewSet, PartnerViewSet

register_policy(Partner, PARTNER_POLICY)
register_policy(PartnerMembership, MEMBERSHIP_POLICY)
register_snippet(PartnerViewSet)
register_snippet(PartnerMembershipViewSet)
