"""hyte_load_demo refuses production: on an empty database, without the module demo."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_refuses_without_debug_unless_forced():
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("hyte_load_demo", stdout=StringIO())
    assert not get_user_model().objects.filter(username="coordinator").exists()
    call_command("hyte_load_demo", "--force", stdout=StringIO())
    assert get_user_model().objects.filter(username="coordinator").exists()
