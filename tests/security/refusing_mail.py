"""Mail backends for the tests: the server refuses recipients, naming them."""

import smtplib

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend


class RefuseClientBackend(EmailBackend):
    """Refuses mail to addresses at example.invalid (the client's), like an SMTP server."""

    def send_messages(self, messages):
        for message in messages:
            refused = [a for a in message.recipients() if a.endswith("@example.invalid")]
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    {a: (550, f"5.1.1 <{a}>: Recipient address rejected".encode()) for a in refused}
                )
        return super().send_messages(messages)


class RefuseAllBackend(EmailBackend):
    def send_messages(self, messages):
        addresses = [a for m in messages for a in m.recipients()]
        raise smtplib.SMTPRecipientsRefused({a: (550, a.encode()) for a in addresses})


def outbox():
    return getattr(mail, "outbox", [])


class CanaryMailBackend(EmailBackend):
    """Refuses the addresses in ``refuse`` (naming them, like an SMTP server) and
    drops the connection for messages to ``disconnect``; keeps what it refused."""

    refuse: set = set()
    disconnect: set = set()
    refused: list = []

    def send_messages(self, messages):
        for message in messages:
            recipients = set(message.recipients())
            if recipients & self.refuse:
                type(self).refused.append(message)
                raise smtplib.SMTPRecipientsRefused(
                    {
                        a: (550, f"5.1.1 <{a}>: Recipient address rejected".encode())
                        for a in recipients & self.refuse
                    }
                )
            if recipients & self.disconnect:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
