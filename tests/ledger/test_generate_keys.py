"""hyte_generate_keys: environment lines that round-trip into working keys."""

import base64
import io
import re
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from wagtail_hyte.core.checks import check_secrets
from wagtail_hyte.core.keyformat import decode_key
from wagtail_hyte.ledger.crypto import blind_index, new_data_key, unwrap_data_key, wrap_data_key
from wagtail_hyte.ledger.keys import KeyUnavailable, get_keyring, public_key_base64


@pytest.fixture(autouse=True)
def _english(settings):
    """The assertions read English messages; the example site's default language is Finnish."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


LINE = re.compile(r"[A-Z][A-Z0-9_]*=[^\s'\"]+")
HEADER = re.compile(
    r"# wagtail-hyte keys, generated \d{4}-\d\d-\d\d\. Keep them secret: a secrets store "
    r"or the service's environment, never version control\."
)
OLD = base64.b64encode(bytes(range(5, 37))).decode()
OLD2 = base64.b64encode(bytes(range(6, 38))).decode()


def generate(*args):
    out = io.StringIO()
    call_command("hyte_generate_keys", *args, stdout=out)
    return out.getvalue()


def generate_from_argv(capsys, *args):
    """As ``manage.py hyte_generate_keys``: the system checks would run first."""
    from wagtail_hyte.ledger.management.commands.hyte_generate_keys import Command

    assert Command.requires_system_checks == []
    Command().run_from_argv(["manage.py", "hyte_generate_keys", *args])
    return capsys.readouterr().out


def parse_env(output):
    """NAME=value lines as a dict; every line is a comment or a plain NAME=value."""
    values = {}
    for line in output.splitlines():
        if line.startswith("#"):
            continue
        assert LINE.fullmatch(line), line
        name, _, value = line.partition("=")
        values[name] = value
    return values


def hyte_from_env(env, **extra):
    """WAGTAIL_HYTE as the documented settings build it from the environment."""
    return {
        "CONTROLLER": {"name": "Testin hyvinvointialue"},
        "KEY_ENCRYPTION_KEYS": env.get("HYTE_KEY_ENCRYPTION_KEYS", ""),
        "CURRENT_KEY_ID": env.get("HYTE_CURRENT_KEY_ID", ""),
        "BLIND_INDEX_KEY": env.get("HYTE_BLIND_INDEX_KEY", ""),
        "CHECKPOINT_SIGNING_KEY": env.get("HYTE_CHECKPOINT_SIGNING_KEY", ""),
        **extra,
    }


def test_output_is_exactly_the_documented_lines():
    lines = generate("--key-id", "k-2027").splitlines()
    assert len(lines) == 6
    assert HEADER.fullmatch(lines[0])
    assert [line.split("=")[0] for line in lines[1:5]] == [
        "HYTE_KEY_ENCRYPTION_KEYS",
        "HYTE_CURRENT_KEY_ID",
        "HYTE_BLIND_INDEX_KEY",
        "HYTE_CHECKPOINT_SIGNING_KEY",
    ]
    assert re.fullmatch(r"HYTE_KEY_ENCRYPTION_KEYS=k-2027:[A-Za-z0-9+/]{43}=", lines[1])
    assert lines[2] == "HYTE_CURRENT_KEY_ID=k-2027"
    assert re.fullmatch(
        r"# Checkpoint public key for the auditors \(not secret\): [A-Za-z0-9+/]{43}=", lines[5]
    )


def test_keys_are_fresh_and_the_default_id_is_dated():
    first, second = parse_env(generate()), parse_env(generate())
    for name in ("HYTE_KEY_ENCRYPTION_KEYS", "HYTE_BLIND_INDEX_KEY", "HYTE_CHECKPOINT_SIGNING_KEY"):
        assert first[name] != second[name]
    assert re.fullmatch(r"kek-\d{8}", first["HYTE_CURRENT_KEY_ID"])
    assert first["HYTE_KEY_ENCRYPTION_KEYS"].startswith(first["HYTE_CURRENT_KEY_ID"] + ":")


def test_round_trip_the_checks_pass_and_the_keyring_works():
    output = generate("--key-id", "k-2027")
    env = parse_env(output)
    hyte = hyte_from_env(env)
    with override_settings(DEBUG=False, WAGTAIL_HYTE=hyte):
        assert check_secrets() == []
        keyring = get_keyring()
        assert keyring.current_key_id == "k-2027"
        data_key = new_data_key()
        key_id, wrapped = wrap_data_key(keyring, "subject-1", data_key)
        assert key_id == "k-2027"
        assert unwrap_data_key(keyring, "subject-1", key_id, wrapped) == data_key
        assert len(blind_index(keyring, "phone", "+358401234567")) > 0
        public = public_key_base64(keyring.public_key())
    assert output.splitlines()[-1].endswith(": " + public)


def test_round_trip_through_a_posix_shell(tmp_path):
    # `set -a; . ./file; set +a` (systemd EnvironmentFile= and docker --env-file
    # read the same NAME=value lines) gives exactly the printed values.
    file = tmp_path / "hyte.env"
    output = generate()
    file.write_text(output)
    script = (
        f"set -a; . {file}; set +a; "
        'printf "%s\\n" "$HYTE_KEY_ENCRYPTION_KEYS" "$HYTE_CURRENT_KEY_ID" '
        '"$HYTE_BLIND_INDEX_KEY" "$HYTE_CHECKPOINT_SIGNING_KEY"'
    )
    result = subprocess.run(
        ["/bin/sh", "-c", script], capture_output=True, text=True, check=True, env={}
    )
    assert result.stdout.splitlines() == list(parse_env(output).values())


@pytest.mark.parametrize(
    "hyte",
    [
        {},  # nothing configured yet
        {"KEY_ENCRYPTION_KEYS": "k1", "BLIND_INDEX_KEY": "not base64!"},  # malformed
        {"KEY_ENCRYPTION_KEYS": {"k1": "short"}, "CURRENT_KEY_ID": "nope"},
    ],
)
def test_runs_with_missing_or_malformed_keys_and_the_checks_on(hyte, capsys):
    with override_settings(DEBUG=False, WAGTAIL_HYTE=hyte):
        assert any(m.level >= 40 for m in check_secrets())  # the checks do fail
        output = generate_from_argv(capsys)
    assert parse_env(output)["HYTE_CURRENT_KEY_ID"].startswith("kek-")


@pytest.mark.parametrize("key_id", ["k 1", "k:1", "k.1", "k=1", "", "x" * 65])
def test_key_id_must_fit_an_environment_line(key_id):
    with pytest.raises(CommandError, match="--key-id must be"):
        generate("--key-id", key_id)


# --- --rotate -----------------------------------------------------------------


@pytest.mark.parametrize("configured", [f"old-1:{OLD},old-0:{OLD2}", {"old-1": OLD, "old-0": OLD2}])
def test_rotate_puts_a_new_key_first_and_keeps_the_old(configured):
    hyte = hyte_from_env({}, KEY_ENCRYPTION_KEYS=configured, CURRENT_KEY_ID="old-1")
    with override_settings(WAGTAIL_HYTE=hyte):
        output = generate("--rotate", "--key-id", "new-2")
    lines = output.splitlines()
    assert HEADER.fullmatch(lines[0])
    env = parse_env(output)
    assert list(env) == ["HYTE_KEY_ENCRYPTION_KEYS", "HYTE_CURRENT_KEY_ID"]
    keyring = env["HYTE_KEY_ENCRYPTION_KEYS"]
    assert re.fullmatch(
        rf"new-2:[A-Za-z0-9+/]{{43}}=,old-1:{re.escape(OLD)},old-0:{re.escape(OLD2)}", keyring
    )
    assert env["HYTE_CURRENT_KEY_ID"] == "new-2"
    comments = "\n".join(line for line in lines[1:] if line.startswith("#"))
    assert "manage.py hyte_rotate_keys" in comments
    assert "HYTE_BLIND_INDEX_KEY" in comments  # keep the others as they are


def test_rotate_default_id_does_not_clash_with_a_configured_one():
    today_id = parse_env(generate())["HYTE_CURRENT_KEY_ID"]
    hyte = hyte_from_env({}, KEY_ENCRYPTION_KEYS={today_id: OLD}, CURRENT_KEY_ID=today_id)
    with override_settings(WAGTAIL_HYTE=hyte):
        env = parse_env(generate("--rotate"))
    assert env["HYTE_CURRENT_KEY_ID"] == f"{today_id}-2"
    with override_settings(WAGTAIL_HYTE=hyte), pytest.raises(CommandError, match="already"):
        generate("--rotate", "--key-id", today_id)


@pytest.mark.parametrize("configured", [{}, ""])
def test_rotate_without_keys_is_a_clear_error(configured):
    with (
        override_settings(WAGTAIL_HYTE={"KEY_ENCRYPTION_KEYS": configured}),
        pytest.raises(CommandError) as exc,
    ):
        generate("--rotate")
    assert "is not set" in str(exc.value)
    assert "without --rotate" in str(exc.value)


@pytest.mark.parametrize(
    ("configured", "problem"),
    [
        (f"{OLD}:old-1", "the key id of item 1 must be"),
        ({"old-1": "bm9wZQ=="}, "'old-1' is malformed: decodes to 4 bytes"),
        ({"old 1": OLD}, "cannot be written to an environment line"),
    ],
)
def test_rotate_with_malformed_keys_names_the_problem_not_the_key(configured, problem):
    with (
        override_settings(WAGTAIL_HYTE={"KEY_ENCRYPTION_KEYS": configured}),
        pytest.raises(CommandError) as exc,
    ):
        generate("--rotate")
    assert problem in str(exc.value)
    assert OLD not in str(exc.value)


@pytest.mark.django_db
def test_rotation_end_to_end(make_subject, professional, partner):
    # Generate, store a subject, rotate with the printed lines, re-wrap, read back.
    from wagtail_hyte.ledger.models import ConsentNotice, Subject
    from wagtail_hyte.ledger.services import read_contact_details, record_consent

    notice, _ = ConsentNotice.objects.get_or_create(
        key="referral",
        version=1,
        language="fi",
        defaults={"title": "Suostumus", "text": "Yhteystietosi välitetään kumppanille."},
    )
    first = parse_env(generate("--key-id", "k-a"))
    origin = {"LEDGER_ORIGIN": "testserver/ledger"}
    with override_settings(WAGTAIL_HYTE=hyte_from_env(first, **origin)):
        subject = make_subject(name="Kiertävä Avain")
        record_consent(
            subject,
            recipient=partner,
            notice=notice,
            recorded_by=professional,
            purpose="referral",
            data_categories=["name", "phone"],
            collection_method="verbal",
        )
        rotated = parse_env(generate("--rotate", "--key-id", "k-b"))
    env = {**first, **rotated}
    assert env["HYTE_KEY_ENCRYPTION_KEYS"].startswith("k-b:")
    assert env["HYTE_KEY_ENCRYPTION_KEYS"].endswith("," + first["HYTE_KEY_ENCRYPTION_KEYS"])
    with override_settings(DEBUG=False, WAGTAIL_HYTE=hyte_from_env(env, **origin)):
        assert check_secrets() == []
        out = io.StringIO()
        call_command("hyte_rotate_keys", stdout=out)
        assert "1 data key(s) re-wrapped under k-b" in out.getvalue()
        assert Subject.objects.get(pk=subject.pk).kek_id == "k-b"
        details = read_contact_details(subject, professional, "referral.contact")
        assert details.name == "Kiertävä Avain"


# --- the string keyring in its consumers --------------------------------------


def test_get_keyring_reads_the_string_form():
    with override_settings(WAGTAIL_HYTE={"KEY_ENCRYPTION_KEYS": f"a:{OLD},b:{OLD2}"}):
        keyring = get_keyring()
    assert keyring.keks == {"a": decode_key(OLD), "b": decode_key(OLD2)}


@pytest.mark.parametrize("value", [f"a{OLD}", f"a:{OLD},a:{OLD2}", 42])
def test_get_keyring_refuses_a_malformed_string(value):
    with (
        override_settings(WAGTAIL_HYTE={"KEY_ENCRYPTION_KEYS": value}),
        pytest.raises(KeyUnavailable, match="KEY_ENCRYPTION_KEYS is malformed") as exc,
    ):
        get_keyring()
    assert OLD not in str(exc.value)


def test_sealed_retry_tokens_work_with_the_string_form():
    from wagtail_hyte.recommendations.sealing import SealError, open_sealed, seal

    with override_settings(WAGTAIL_HYTE={"KEY_ENCRYPTION_KEYS": f"a:{OLD}", "CURRENT_KEY_ID": "a"}):
        token = seal("+358401234567", delivery_id="d1", channel="sms")
        assert open_sealed(token, delivery_id="d1", channel="sms") == "+358401234567"
    with (
        override_settings(WAGTAIL_HYTE={"KEY_ENCRYPTION_KEYS": "a", "CURRENT_KEY_ID": "a"}),
        pytest.raises(SealError, match="malformed"),
    ):
        open_sealed(token, delivery_id="d1", channel="sms")
