from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from wagtail_hyte.core.adminviews import admin_urls, register_menu_item
from wagtail_hyte.core.viewsets import register_policy

from .documents import register_document_policy
from .intake_views import EndPauseView, IntakeView
from .models import PartnerAgreement
from .panels import ExpiringAgreementsPanel, QuotaNearlyUsedPanel
from .views import AGREEMENT_POLICY, PartnerAgreementViewSet

register_policy(PartnerAgreement, AGREEMENT_POLICY)
register_document_policy()
register_snippet(PartnerAgreementViewSet)


@hooks.register("register_admin_urls")
def register_intake_urls():
    return [
        admin_urls(
            "hyte/intake/",
            "hyte_agreements",
            [
                path("", IntakeView.as_view(), name="intake"),
                path("<int:pk>/end/", EndPauseView.as_view(), name="intake_end"),
            ],
        )
    ]


register_menu_item(
    _("Referral intake"),
    "hyte_agreements:intake",
    view=IntakeView,
    name="hyte-referral-intake",
    icon_name="pick",
    order=320,
)


@hooks.register("register_admin_urls")
def _register_document_policy_late():
    # wagtail.documents registers its own policy in its AppConfig.ready(), which
    # may run after this module is imported; the admin URLconf loads later.
    register_document_policy()
    return []


@hooks.register("construct_document_chooser_queryset")
def hide_signed_agreements(documents, request):
    """Only coordinators and auditors choose documents from the agreements collection."""
    from .roles import COLLECTION_NAME, is_agreement_reader

    if is_agreement_reader(request.user):
        return documents
    return documents.exclude(collection__name=COLLECTION_NAME)


@hooks.register("construct_homepage_panels")
def add_agreement_panels(request, panels):
    if not AGREEMENT_POLICY.user_has_permission(request.user, "view"):
        return
    visible = AGREEMENT_POLICY.instances_user_has_permission_for(request.user, "view")
    panels.append(ExpiringAgreementsPanel(visible))
    panels.append(QuotaNearlyUsedPanel(visible))
