"""The progress bar of the management commands (moved here from tests/ledger/test_commands.py)."""

import io

from django.core.management.base import OutputWrapper

from wagtail_hyte.core.progress import Progress


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_on_terminal():
    tty, pipe = OutputWrapper(FakeTTY()), OutputWrapper(io.StringIO())
    for stream in (tty, pipe):
        bar = Progress(stream, 10, "Verifying")
        bar(5)
        bar.close()
    assert "[###############---------------] 5/10" in tty._out.getvalue()
    assert pipe._out.getvalue() == ""


def test_progress_without_a_total_counts():
    tty = OutputWrapper(FakeTTY())
    bar = Progress(tty, None, "Exporting")
    bar(7)
    bar.close()
    assert "\rExporting 7" in tty._out.getvalue()
