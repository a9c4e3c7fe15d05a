"""A minimal progress bar for management commands, shown only on a terminal."""

from __future__ import annotations


class Progress:
    def __init__(self, stream, total: int | None, label: str, width: int = 30):
        self.stream = stream
        self.total = total
        self.label = label
        self.width = width
        self.enabled = bool(getattr(stream, "isatty", lambda: False)())

    def __call__(self, done: int) -> None:
        if not self.enabled:
            return
        if self.total:
            filled = min(self.width, self.width * done // self.total)
            bar = "#" * filled + "-" * (self.width - filled)
            text = f"\r{self.label} [{bar}] {done}/{self.total}"
        else:
            text = f"\r{self.label} {done}"
        self.stream.write(text, ending="")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("")
