"""System checks of the recommendation settings."""

from django.conf import settings
from django.core.checks import Error, Info, register

from wagtail_hyte.core.conf import hyte_settings

DEVELOPMENT_BACKENDS = ("ConsoleSmsBackend", "FileSmsBackend")


@register("wagtail_hyte")
def check_recommendations(app_configs, **kwargs):
    problems = []
    try:
        backend = hyte_settings.SMS_BACKEND
    except Exception as exc:  # ImproperlyConfigured from the import
        return [Error(str(exc), id="hyte.E030")]
    if getattr(backend, "__name__", "") in DEVELOPMENT_BACKENDS and not settings.DEBUG:
        problems.append(
            Info(
                "WAGTAIL_HYTE['SMS_BACKEND'] is a development backend: text messages are not sent.",
                hint="Use wagtail_hyte.core.sms.http.HttpSmsBackend in production.",
                id="hyte.I030",
            )
        )
    try:
        limits = [(int(n), int(s)) for n, s in hyte_settings.RECOMMENDATION_RATE_LIMITS]
        if not limits or any(n < 1 or s < 1 for n, s in limits):
            raise ValueError
    except (TypeError, ValueError):
        problems.append(
            Error(
                "WAGTAIL_HYTE['RECOMMENDATION_RATE_LIMITS'] must be a non-empty list of "
                "(messages, seconds) pairs of positive integers.",
                id="hyte.E031",
            )
        )
    return problems
