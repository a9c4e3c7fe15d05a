"""Which consent notice a client is shown: the latest version in the client's language."""

from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.ledger.models import ConsentNotice

NOTICE_KEY = "referral"
NOTICE_CHANGED = _(
    "The consent text changed after it was shown to the client. Show the client the "
    "text below and ask for consent again."
)


def notice_for(language: str):
    notices = ConsentNotice.objects.filter(key=NOTICE_KEY).order_by("-version")
    notice = notices.filter(language=language).first()
    if notice is None and hyte_settings.LANGUAGES:
        notice = notices.filter(language=hyte_settings.LANGUAGES[0]).first()
    return notice
