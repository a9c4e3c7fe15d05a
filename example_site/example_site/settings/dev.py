import os

from .base import *

DEBUG = True

# Development only: never use this secret key anywhere else.
SECRET_KEY = "django-insecure-example-site-development-only"

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Published development keys: anyone can read them here, so wagtail-hyte's
# system checks warn (hyte.W001) while DEBUG is on and refuse them (hyte.E005)
# when it is off. Generate real keys with `manage.py hyte_generate_keys`.
WAGTAIL_HYTE = {
    **WAGTAIL_HYTE,
    "KEY_ENCRYPTION_KEYS": {"dev-1": "9jFDszBzIS83qQj9UtEwk/PrD4ufVgY5/MKbJg2Oj0g="},
    "CURRENT_KEY_ID": "dev-1",
    "BLIND_INDEX_KEY": "lS5sAmtlEYrTou6ZLY/nXlvfwCgtGCV6be7qpOTwWII=",
    "CHECKPOINT_SIGNING_KEY": "DVPONZkpZVSu1I+O+dCUrUP74nz6n32NPyT/f7b0FoE=",
    # Names this installation's ledger in signed checkpoints (docs/configuration.md).
    "LEDGER_ORIGIN": "demo.hyte.invalid/ledger",
    # Text messages are only logged (masked) in development: nothing is sent.
    "SMS_BACKEND": "wagtail_hyte.core.sms.console.ConsoleSmsBackend",
    # The demo's logins work without an authenticator app; production settings
    # (base.py and the package defaults) require a second factor of every role
    # that reads personal data. Try it with HYTE_DEMO_MFA=1 make demo.
    **(
        {}
        if os.environ.get("HYTE_DEMO_MFA")
        else {"MFA_REQUIRED_ROLES": (), "MFA_REQUIRED_FOR_SUPERUSERS": False}
    ),
}
# The demo shows these warnings once; they are the point of the check.
SILENCED_SYSTEM_CHECKS = ["hyte.W001"]

# A developer's own overrides, never committed.
if (Path(__file__).parent / "local.py").exists():
    from .local import *
