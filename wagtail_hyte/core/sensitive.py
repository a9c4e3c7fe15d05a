"""Keeping personal data out of error reports.

Django's error reports (``mail_admins``, error trackers fed by the
``django.request`` logger, the debug page) show POST data and the local
variables of every frame. Views and services that handle contact details use
``sensitive_post_parameters`` and ``sensitive_variables``: Django then replaces
the POST values and the local variables of the decorated function, and of
every function it calls, with stars.

``SensitiveDataMixin`` does both for a class-based view and renders its
template response inside the view, so that a failure while rendering a
template (whose context holds the decrypted details) happens inside the
protected frames too.
"""

from __future__ import annotations

from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

__all__ = [
    "RedactedList",
    "RedactedText",
    "SensitiveDataMixin",
    "sensitive_post_parameters",
    "sensitive_variables",
]


class RedactedList(list):
    """A list of personal values for a template whose ``repr`` never shows them.

    Django's template engine logs a failed variable lookup at DEBUG with the
    ``repr`` of the whole context; forms and models have safe reprs, plain
    strings and tuples do not.
    """

    def __repr__(self):
        return f"<{len(self)} redacted rows>"

    __str__ = __repr__


class RedactedText(str):
    """A personal text for a template: renders as itself, ``repr`` redacted."""

    def __repr__(self):
        return "<redacted text>"


class SensitiveDataMixin:
    """For views that handle personal data: nothing of it in error reports."""

    @method_decorator(sensitive_post_parameters())
    @sensitive_variables()
    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        render = getattr(response, "render", None)
        if callable(render) and not getattr(response, "is_rendered", True):
            response = render()
        return response
