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

__all__ = ["SensitiveDataMixin", "sensitive_post_parameters", "sensitive_variables"]


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
