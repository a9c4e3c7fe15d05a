"""A mail backend that refuses the first N messages (for retry tests)."""

from django.core.mail.backends.locmem import EmailBackend

FAILURES = {"left": 0}


class FlakyEmailBackend(EmailBackend):
    def send_messages(self, messages):
        if FAILURES["left"] > 0:
            FAILURES["left"] -= 1
            raise ConnectionRefusedError(f"refused {messages[0].to[0]}")
        return super().send_messages(messages)
