"""The ledger's system checks."""

import os
from pathlib import Path

import pytest
from django.test import override_settings

from wagtail_hyte.ledger.checks import check_ledger_settings


def ids(settings, debug=False, **hyte):
    # An origin of its own, so that hyte.W011 fires only in its own tests.
    hyte = {"LEDGER_ORIGIN": "testserver/ledger", **hyte}
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


def test_checkpoint_directory_not_created_yet(settings, tmp_path):
    # Created on the first checkpoint (checkpoints._write_file): the nearest
    # existing parent must be a writable directory.
    assert ids(settings, CHECKPOINT_DIRECTORY=str(tmp_path / "a" / "b")) == []
    file = tmp_path / "file"
    file.write_text("x")
    assert ids(settings, CHECKPOINT_DIRECTORY=str(file / "checkpoints")) == ["hyte.E010"]


def test_checkpoint_directory_under_a_read_only_parent(settings, tmp_path, monkeypatch):
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    real_access = os.access
    if os.geteuid() == 0:  # root writes anywhere: let os.access answer as for anyone else
        monkeypatch.setattr(
            os,
            "access",
            lambda path, mode, **kw: (
                False if Path(path) == parent and mode & os.W_OK else real_access(path, mode, **kw)
            ),
        )
    try:
        with override_settings(
            DEBUG=False,
            WAGTAIL_HYTE={
                **settings.WAGTAIL_HYTE,
                "LEDGER_ORIGIN": "testserver/ledger",
                "CHECKPOINT_DIRECTORY": str(parent / "new" / "checkpoints"),
            },
        ):
            (found,) = check_ledger_settings()
        assert found.id == "hyte.E010"
        assert "does not exist yet" in found.msg and repr(str(parent)) in found.msg
        assert ids(settings, CHECKPOINT_DIRECTORY=str(parent)) == ["hyte.E010"]
    finally:
        parent.chmod(0o755)


def test_default_ledger_origin_warns_without_debug(settings, tmp_path):
    default = {"LEDGER_ORIGIN": "wagtail-hyte/ledger", "CHECKPOINT_DIRECTORY": str(tmp_path)}
    assert ids(settings, **default) == ["hyte.W011"]
    assert ids(settings, debug=True, **default) == []
    assert ids(settings, CHECKPOINT_DIRECTORY=str(tmp_path)) == []
    hyte = {**settings.WAGTAIL_HYTE, "CHECKPOINT_DIRECTORY": str(tmp_path)}
    hyte.pop("LEDGER_ORIGIN", None)  # not set at all: the package default
    with override_settings(
        DEBUG=False, WAGTAIL_HYTE=hyte, WAGTAILADMIN_BASE_URL="https://hyte.hva.invalid"
    ):
        (found,) = check_ledger_settings()
    assert found.id == "hyte.W011"
    assert "signed checkpoint" in found.msg
    assert "'hyte.hva.invalid/ledger'" in found.hint and "HYTE_LEDGER_ORIGIN" in found.hint
