from wagtail_hyte.core.sms import BaseSmsBackend

SENT = []


class RecordingSmsBackend(BaseSmsBackend):
    def send(self, to, text, sender=""):
        SENT.append((to, text))
