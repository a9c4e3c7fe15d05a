"""Staff sign-in fit for personal data: a second factor for password users
(django-otp), single sign-on with OpenID Connect (mozilla-django-oidc, the
``oidc`` extra), roles from the identity provider's claims, and
re-authentication before contact details are shown. See docs/sign-in.md."""
