"""Single sign-on with OpenID Connect for the welfare area's own staff, on
mozilla-django-oidc (the ``oidc`` extra). Nothing here imports it until single
sign-on is configured (``WAGTAIL_HYTE["SSO"]``): ``config``, ``checks``,
``views`` and ``middleware`` work without it; ``backend`` and ``flow`` need it.

Importing this package (the app's checks do, in ``ready()``) tells core that
sessions signed in through :data:`BACKEND_PATH` are single sign-on sessions.
"""

from wagtail_hyte.core.signin import register_sso_backend

#: The dotted path of the authentication backend (AUTHENTICATION_BACKENDS).
BACKEND_PATH = "wagtail_hyte.accounts.oidc.backend.HyteOIDCBackend"

register_sso_backend(BACKEND_PATH)
