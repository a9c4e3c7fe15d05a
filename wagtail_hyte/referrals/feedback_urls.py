"""The public client feedback pages (outside the admin, no sign-in).

A host site includes them once, outside ``i18n_patterns`` (the page speaks the
language of the invitation, not of the URL)::

    path("hyte/palaute/", include("wagtail_hyte.referrals.feedback_urls")),

The names are ``hyte_feedback:form`` (``<token>/``) and ``hyte_feedback:thanks``.
Without them no feedback request is sent: each attempt is recorded as a failed
notification (see docs/referrals.md, "Client feedback").
"""

from django.urls import path

from . import feedback_views

app_name = "hyte_feedback"

urlpatterns = [
    path("kiitos/<str:language>/", feedback_views.thanks, name="thanks"),
    path("<str:token>/", feedback_views.feedback_form, name="form"),
]
