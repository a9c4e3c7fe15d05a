"""The sign-in pages, mounted by the host beside Wagtail's admin, before it::

    path("admin/hyte-sign-in/", include("wagtail_hyte.accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),

They cannot be Wagtail admin URLs (``register_admin_urls``): Wagtail lets only
users who passed every check reach those, and these pages are where a user
passes them (single sign-on starts before anyone is signed in; enrolment
comes before the second factor).
"""

from django.urls import path

from .oidc import views as sso
from .views import mfa, reauth

app_name = "wagtail_hyte_accounts"

urlpatterns = [
    path("second-factor/", mfa.VerifyView.as_view(), name="verify"),
    path("second-factor/enrol/", mfa.EnrolView.as_view(), name="enrol"),
    path("second-factor/recovery-codes/", mfa.RecoveryCodesView.as_view(), name="recovery_codes"),
    path("confirm/", reauth.ReauthenticateView.as_view(), name="reauthenticate"),
    path("sso/start/", sso.StartView.as_view(), name="sso_start"),
    path("sso/callback/", sso.CallbackView.as_view(), name="sso_callback"),
]
