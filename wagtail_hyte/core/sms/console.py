"""Development backend: prints each message to standard output (number masked)."""

import sys

from .base import BaseSmsBackend, mask_number


class ConsoleSmsBackend(BaseSmsBackend):
    def __init__(self, options=None, stream=None):
        super().__init__(options)
        self.stream = stream or sys.stdout

    def send(self, to, text, sender=""):
        self.stream.write(f"SMS to {mask_number(to)} from {sender or '-'}\n{text}\n{'-' * 40}\n")
        self.stream.flush()
