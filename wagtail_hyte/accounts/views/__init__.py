"""The sign-in pages: the second factor (``mfa``) and re-authentication (``reauth``).
Single sign-on's own views are in ``wagtail_hyte.accounts.oidc.views``."""
