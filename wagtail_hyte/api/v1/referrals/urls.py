from django.urls import path

from . import views

urlpatterns = [
    path("referrals/", views.ReferralListView.as_view(), name="referral-list"),
    path(
        "referrals/consent-notice/",
        views.ConsentNoticeView.as_view(),
        name="referral-consent-notice",
    ),
    path("referrals/<uuid:reference>/", views.ReferralDetailView.as_view(), name="referral-detail"),
    path("referrals/<uuid:reference>/reveal/", views.RevealView.as_view(), name="referral-reveal"),
    path("referrals/<uuid:reference>/accept/", views.AcceptView.as_view(), name="referral-accept"),
    path(
        "referrals/<uuid:reference>/outcome/",
        views.OutcomeView.as_view(),
        name="referral-outcome",
    ),
    path(
        "referrals/<uuid:reference>/contact-attempts/",
        views.ContactAttemptView.as_view(),
        name="referral-contact-attempts",
    ),
    path(
        "referrals/<uuid:reference>/withdraw/",
        views.WithdrawView.as_view(),
        name="referral-withdraw",
    ),
]
