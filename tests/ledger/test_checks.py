"""The ledger's system checks."""

import pytest
from django.test import override_settings

from wagtail_hyte.ledger.checks import check_ledger_settings


def ids(settings, debug=False, **hyte):
    with override_settings(DEBUG=debug, WAGTAIL_HYTE={**settings.WAGTAIL_HYTE, **hyte}):
        return sorted(m.id for m in check_ledger_settings())


def test_no_outside_destination_warns_when_debug_off(settings, tmp_path):
    assert ids(settings) == ["hyte.W010"]
    assert ids(settings, debug=True) == []
    assert ids(settings, CHECKPOINT_DIRECTORY=str(tmp_path)) == []
    assert ids(settings, CHECKPOINT_EMAILS=["a@example.invalid"]) == []


def test_bad_values(settings, tmp_path):
    file = tmp_path / "file"
    file.write_text("x")
    assert ids(settings, CHECKPOINT_DIRECTORY=str(file)) == ["hyte.E010"]
    assert ids(settings, debug=True, CHECKPOINT_EVERY=-1, RETENTION_DAYS="x") == [
        "hyte.E011",
        "hyte.E011",
    ]
    assert ids(settings, debug=True, LEDGER_ORIGIN="two\nlines") == ["hyte.E012"]
    assert ids(settings, debug=True, CHECKPOINT_RETIRED_PUBLIC_KEYS=["nope"]) == ["hyte.E013"]


@pytest.mark.django_db
def test_setup_roles_grants_auditors_only():
    from django.contrib.auth.models import Group

    from wagtail_hyte.core.roles import GROUP_NAMES, setup_roles

    setup_roles()
    for role, name in GROUP_NAMES.items():
        has = Group.objects.get(name=name).permissions.filter(codename="audit_ledger").exists()
        assert has == (role == "auditor")
