"""Which consent notice a client is shown: the latest version in the client's language."""

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.ledger.models import ConsentNotice

NOTICE_KEY = "referral"


def notice_for(language: str):
    notices = ConsentNotice.objects.filter(key=NOTICE_KEY).order_by("-version")
    notice = notices.filter(language=language).first()
    if notice is None and hyte_settings.LANGUAGES:
        notice = notices.filter(language=hyte_settings.LANGUAGES[0]).first()
    return notice
