"""``{% hyte_sso_sign_in as sso %}``: what the admin sign-in page shows of
single sign-on.

``sso`` is ``None`` while single sign-on is off or unusable, else a dict:
``url`` (the start of the sign-in, keeping a safe ``next``), ``text`` ("Sign in
with <organisation>") and ``password_login`` (whether the password form is
shown). ``{% hyte_password_sign_in as flag %}`` is the last on its own (it
stays off when an unusable setting asks for it).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from ..oidc.config import SSOConfigError, get_config, password_login_allowed

register = template.Library()


@register.simple_tag
def hyte_password_sign_in() -> bool:
    return password_login_allowed()


@register.simple_tag(takes_context=True)
def hyte_sso_sign_in(context):
    try:
        config = get_config()
    except SSOConfigError:
        return None
    if config is None:
        return None
    try:
        url = reverse("wagtail_hyte_accounts:sso_start")
    except NoReverseMatch:
        return None
    request = context.get("request")
    next_url = context.get("next") or (request.GET.get("next") if request else None)
    if (
        next_url
        and request is not None
        and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        url += "?" + urlencode({"next": next_url})
    return {"url": url, "text": config.button_text(), "password_login": config.password_login}
