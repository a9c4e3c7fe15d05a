"""The example site's demo data, loaded once per test module (see ``demo``)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.helpers import module_data


def load_demo(**kwargs) -> str:
    """Run ``hyte_load_demo`` (with DEBUG on, as it requires); return its output."""
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("hyte_load_demo", stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module that asks for it and rolled back
    after its last test; each test's own changes roll back as usual (``db``)."""
    with module_data(django_db_blocker):
        with django_db_blocker.unblock():
            load_demo()
        yield
