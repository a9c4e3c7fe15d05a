from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from wagtail_hyte.activities.extensions import ACTIONS_HOOK, BADGES_HOOK, Action
from wagtail_hyte.activities.filters import FILTERS_HOOK
from wagtail_hyte.agreements.availability import referral_offer
from wagtail_hyte.core.adminviews import admin_urls, register_menu_item

from . import access
from .views import coordinator, partner, professional

# (URL under admin/hyte/referrals/, view, URL name in the hyte_referrals namespace)
URLS = [
    ("inbox/", partner.InboxView.as_view(), "inbox"),
    ("inbox/results/", partner.InboxView.as_view(results_only=True), "inbox_results"),
    ("inbox/<int:pk>/", partner.InboxDetailView.as_view(), "inbox_detail"),
    ("inbox/<int:pk>/reveal/", partner.RevealView.as_view(), "reveal"),
    ("inbox/<int:pk>/accept/", partner.AcceptView.as_view(), "accept"),
    ("inbox/<int:pk>/outcome/", partner.OutcomeView.as_view(), "outcome"),
    ("inbox/<int:pk>/attempt/", partner.ContactAttemptView.as_view(), "contact_attempt"),
    ("inbox/<int:pk>/withdraw/", partner.PartnerWithdrawView.as_view(), "partner_withdraw"),
    ("withdrawal/", coordinator.CoordinatorWithdrawalView.as_view(), "coordinator_withdrawal"),
    ("figures/", partner.FiguresView.as_view(), "figures"),
    ("new/<int:activity_id>/", professional.ReferralCreateView.as_view(), "new"),
    ("mine/", professional.MyReferralsView.as_view(), "mine"),
    ("mine/results/", professional.MyReferralsView.as_view(results_only=True), "mine_results"),
    ("mine/<int:pk>/receipt/", professional.ReceiptView.as_view(), "receipt"),
    ("mine/<int:pk>/withdraw/", professional.WithdrawView.as_view(), "withdraw"),
]


@hooks.register("register_admin_urls")
def register_referral_urls():
    return [
        admin_urls(
            "hyte/referrals/",
            "hyte_referrals",
            [path(route, view, name=name) for route, view, name in URLS],
        )
    ]


# (label, URL name, menu item name, icon, order, the view whose access test shows it)
MENU_ITEMS = [
    (
        _("Referral inbox"),
        "hyte_referrals:inbox",
        "hyte-referral-inbox",
        "mail",
        300,
        partner.InboxView,
    ),
    (
        _("My referrals"),
        "hyte_referrals:mine",
        "hyte-my-referrals",
        "mail",
        310,
        professional.MyReferralsView,
    ),
    (
        _("Referral figures"),
        "hyte_referrals:figures",
        "hyte-referral-figures",
        "table",
        320,
        partner.FiguresView,
    ),
    (
        _("Record a withdrawal"),
        "hyte_referrals:coordinator_withdrawal",
        "hyte-record-withdrawal",
        "mail",
        330,
        coordinator.CoordinatorWithdrawalView,
    ),
]

for _label, _url_name, _name, _icon, _order, _view in MENU_ITEMS:
    register_menu_item(_label, _url_name, view=_view, name=_name, icon_name=_icon, order=_order)


@hooks.register(ACTIONS_HOOK)
def referral_action(page, request):
    """ "Make a referral" for professionals when the activity can take one now."""
    if not access.can_make_referrals(getattr(request, "user", None)):
        return []
    offer = referral_offer(page)
    if offer is None or not offer.available:
        return []
    from .readiness import referrals_available

    if not referrals_available():  # no keys or no consent notice yet
        return []
    return [
        Action(_("Make a referral"), reverse("hyte_referrals:new", args=[page.pk]), key="referral")
    ]


@hooks.register(FILTERS_HOOK)
def referral_filter():
    """The catalogue's ``referral`` filter, while referrals can be made."""
    from .catalogue import referral_filters

    return referral_filters()


@hooks.register(BADGES_HOOK)
def referral_badges(pages, request):
    """ "Referral possible" (and "Referrals full" for professionals) on catalogue cards."""
    from .catalogue import referral_badges as badges

    return badges(pages, request)


@hooks.register("construct_homepage_panels")
def professional_home_panel(request, panels):
    """The professional's start: find an activity, see one's own referrals."""
    if access.can_make_referrals(request.user):
        from .home import ProfessionalHomePanel

        panels.append(ProfessionalHomePanel(request))


@hooks.register("construct_homepage_panels")
def notification_failures_panel(request, panels):
    from .panels import NotificationFailuresPanel, sees_notification_failures

    if sees_notification_failures(request.user):
        panels.append(NotificationFailuresPanel())
