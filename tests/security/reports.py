"""Render Django's error report (what mail_admins and error trackers get) for a failure."""

import sys

from django.core.signals import got_request_exception
from django.views.debug import ExceptionReporter
from django.views.decorators.debug import sensitive_variables


def render_report(request, exc_info) -> str:
    reporter = ExceptionReporter(request, *exc_info)
    return reporter.get_traceback_html() + "\n" + reporter.get_traceback_text()


class CapturedReports:
    """Collects the error report of every request that raised."""

    def __init__(self):
        self.reports = []

    def __call__(self, sender, request=None, **kwargs):
        self.reports.append(render_report(request, sys.exc_info()))

    def __enter__(self):
        got_request_exception.connect(self, dispatch_uid="hyte-test-reports")
        return self

    def __exit__(self, *exc):
        got_request_exception.disconnect(dispatch_uid="hyte-test-reports")


@sensitive_variables("args", "kwargs")  # the test's own arguments, not the service's frames
def report_for_call(fn, *args, **kwargs) -> str:
    """The report for an exception raised by a service called outside a request."""
    try:
        fn(*args, **kwargs)
    except Exception:  # the forced failure
        return render_report(None, sys.exc_info())
    raise AssertionError("the forced failure did not happen")


def assert_clean(report: str, needles) -> None:
    assert "Traceback" in report
    lowered = report.lower()
    for needle in needles:
        assert needle.lower() not in lowered, needle
