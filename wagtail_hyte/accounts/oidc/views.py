"""The single sign-on pages: ``sso_start`` and ``sso_callback``.

``StartView`` and ``CallbackView`` are mozilla-django-oidc's authentication
request and callback views (``flow.py`` subclasses them), reached through
thin views here so that this module imports without the ``oidc`` extra: both
answer 404 while single sign-on is off, unusable (the system checks say why)
or its library is missing.
"""

from __future__ import annotations

import logging
from functools import cache

from django.http import Http404
from django.views.generic import View

from .config import SSOConfigError, get_config

logger = logging.getLogger("wagtail_hyte.accounts.sso")


@cache
def _flow():
    from . import flow

    return flow


def _flow_or_404():
    try:
        config = get_config()
    except SSOConfigError:
        logger.error("single sign-on is configured but unusable: run manage.py check")
        raise Http404 from None
    if config is None:
        raise Http404
    try:
        return config, _flow()
    except ImportError:
        logger.error("single sign-on needs mozilla-django-oidc (the oidc extra)")
        raise Http404 from None


class StartView(View):
    """Start a sign-in at the provider (``flow.StartFlowView``)."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        config, flow = _flow_or_404()
        return flow.StartFlowView.as_view(config=config)(request)


class CallbackView(View):
    """The provider's redirect back (``flow.CallbackFlowView``)."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        config, flow = _flow_or_404()
        return flow.CallbackFlowView.as_view(config=config)(request)
