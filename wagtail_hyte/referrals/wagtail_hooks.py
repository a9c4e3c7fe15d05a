from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from wagtail_hyte.activities.extensions import ACTIONS_HOOK, BADGES_HOOK, Action
from wagtail_hyte.activities.filters import FILTERS_HOOK
from wagtail_hyte.agreements.availability import referral_offer
from wagtail_hyte.core.wagtail_hooks import MENU_HOOK

from . import access
from .views import coordinator, partner, professional

# (URL under admin/hyte/referrals/, view class, URL name)
URLS = [
    ("inbox/", partner.InboxView, "hyte_referrals_inbox"),
    ("inbox/<int:pk>/", partner.InboxDetailView, "hyte_referrals_inbox_detail"),
    ("inbox/<int:pk>/reveal/", partner.RevealView, "hyte_referrals_reveal"),
    ("inbox/<int:pk>/accept/", partner.AcceptView, "hyte_referrals_accept"),
    ("inbox/<int:pk>/outcome/", partner.OutcomeView, "hyte_referrals_outcome"),
    ("inbox/<int:pk>/withdraw/", partner.PartnerWithdrawView, "hyte_referrals_partner_withdraw"),
    (
        "withdrawal/",
        coordinator.CoordinatorWithdrawalView,
        "hyte_referrals_coordinator_withdrawal",
    ),
    ("figures/", partner.FiguresView, "hyte_referrals_figures"),
    ("new/<int:activity_id>/", professional.ReferralCreateView, "hyte_referrals_new"),
    ("mine/", professional.MyReferralsView, "hyte_referrals_mine"),
    ("mine/<int:pk>/receipt/", professional.ReceiptView, "hyte_referrals_receipt"),
    ("mine/<int:pk>/withdraw/", professional.WithdrawView, "hyte_referrals_withdraw"),
]


@hooks.register("register_admin_urls")
def register_referral_urls():
    return [
        path(f"hyte/referrals/{route}", view.as_view(), name=name) for route, view, name in URLS
    ]


class _Item(MenuItem):
    def __init__(self, *args, test, **kwargs):
        self.test = test
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.test(request.user)


# (label, URL name, menu item name, icon, order, who sees it)
MENU_ITEMS = [
    (
        _("Referral inbox"),
        "hyte_referrals_inbox",
        "hyte-referral-inbox",
        "mail",
        300,
        access.can_handle_referrals,
    ),
    (
        _("My referrals"),
        "hyte_referrals_mine",
        "hyte-my-referrals",
        "mail",
        310,
        access.can_make_referrals,
    ),
    (
        _("Referral figures"),
        "hyte_referrals_figures",
        "hyte-referral-figures",
        "table",
        320,
        access.can_view_figures,
    ),
    (
        _("Record a withdrawal"),
        "hyte_referrals_coordinator_withdrawal",
        "hyte-record-withdrawal",
        "mail",
        330,
        access.can_record_withdrawals,
    ),
]


def _register_menu_item(label, url_name, name, icon_name, order, test):
    """Register a HYTE menu item shown to the users ``test(user)`` accepts."""

    def menu_item():
        return _Item(
            label, reverse(url_name), name=name, icon_name=icon_name, order=order, test=test
        )

    hooks.register(MENU_HOOK, menu_item)


for _menu_item in MENU_ITEMS:
    _register_menu_item(*_menu_item)


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
        Action(_("Make a referral"), reverse("hyte_referrals_new", args=[page.pk]), key="referral")
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
def notification_failures_panel(request, panels):
    from .panels import NotificationFailuresPanel, sees_notification_failures

    if sees_notification_failures(request.user):
        panels.append(NotificationFailuresPanel())
