from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from wagtail_hyte.activities.extensions import ACTIONS_HOOK, Action
from wagtail_hyte.agreements.availability import referral_offer
from wagtail_hyte.core.wagtail_hooks import MENU_HOOK

from . import access
from .views import coordinator, partner, professional


@hooks.register("register_admin_urls")
def register_referral_urls():
    return [
        path("hyte/referrals/inbox/", partner.InboxView.as_view(), name="hyte_referrals_inbox"),
        path(
            "hyte/referrals/inbox/<int:pk>/",
            partner.InboxDetailView.as_view(),
            name="hyte_referrals_inbox_detail",
        ),
        path(
            "hyte/referrals/inbox/<int:pk>/reveal/",
            partner.RevealView.as_view(),
            name="hyte_referrals_reveal",
        ),
        path(
            "hyte/referrals/inbox/<int:pk>/accept/",
            partner.AcceptView.as_view(),
            name="hyte_referrals_accept",
        ),
        path(
            "hyte/referrals/inbox/<int:pk>/outcome/",
            partner.OutcomeView.as_view(),
            name="hyte_referrals_outcome",
        ),
        path(
            "hyte/referrals/inbox/<int:pk>/withdraw/",
            partner.PartnerWithdrawView.as_view(),
            name="hyte_referrals_partner_withdraw",
        ),
        path(
            "hyte/referrals/withdrawal/",
            coordinator.CoordinatorWithdrawalView.as_view(),
            name="hyte_referrals_coordinator_withdrawal",
        ),
        path(
            "hyte/referrals/figures/", partner.FiguresView.as_view(), name="hyte_referrals_figures"
        ),
        path(
            "hyte/referrals/new/<int:activity_id>/",
            professional.ReferralCreateView.as_view(),
            name="hyte_referrals_new",
        ),
        path(
            "hyte/referrals/mine/",
            professional.MyReferralsView.as_view(),
            name="hyte_referrals_mine",
        ),
        path(
            "hyte/referrals/mine/<int:pk>/receipt/",
            professional.ReceiptView.as_view(),
            name="hyte_referrals_receipt",
        ),
        path(
            "hyte/referrals/mine/<int:pk>/withdraw/",
            professional.WithdrawView.as_view(),
            name="hyte_referrals_withdraw",
        ),
    ]


class _Item(MenuItem):
    def __init__(self, *args, test, **kwargs):
        self.test = test
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.test(request.user)


@hooks.register(MENU_HOOK)
def inbox_menu_item():
    return _Item(
        _("Referral inbox"),
        reverse("hyte_referrals_inbox"),
        name="hyte-referral-inbox",
        icon_name="mail",
        order=300,
        test=access.can_handle_referrals,
    )


@hooks.register(MENU_HOOK)
def mine_menu_item():
    return _Item(
        _("My referrals"),
        reverse("hyte_referrals_mine"),
        name="hyte-my-referrals",
        icon_name="mail",
        order=310,
        test=access.can_make_referrals,
    )


@hooks.register(MENU_HOOK)
def figures_menu_item():
    return _Item(
        _("Referral figures"),
        reverse("hyte_referrals_figures"),
        name="hyte-referral-figures",
        icon_name="table",
        order=320,
        test=access.can_view_figures,
    )


@hooks.register(MENU_HOOK)
def withdrawal_menu_item():
    return _Item(
        _("Record a withdrawal"),
        reverse("hyte_referrals_coordinator_withdrawal"),
        name="hyte-record-withdrawal",
        icon_name="mail",
        order=330,
        test=access.can_record_withdrawals,
    )


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


@hooks.register("construct_homepage_panels")
def notification_failures_panel(request, panels):
    from .panels import NotificationFailuresPanel, sees_notification_failures

    if sees_notification_failures(request.user):
        panels.append(NotificationFailuresPanel())
