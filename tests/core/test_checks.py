"""Each system check fires when it should and stays silent otherwise."""

import base64
import re

import pytest
from django.test import override_settings

from wagtail_hyte.core.checks import (
    check_avatar_service,
    check_base_template,
    check_base_url,
    check_default_site,
    check_secrets,
    is_development_host,
)

GOOD = base64.b64encode(bytes(range(1, 33))).decode()
GOOD2 = base64.b64encode(bytes(range(2, 34))).decode()
DEV_KEK = "9jFDszBzIS83qQj9UtEwk/PrD4ufVgY5/MKbJg2Oj0g="  # the example site's dev key


def complete(**overrides):
    value = {
        "CONTROLLER": {"name": "Testin hyvinvointialue"},
        "KEY_ENCRYPTION_KEYS": {"k1": GOOD},
        "CURRENT_KEY_ID": "k1",
        "BLIND_INDEX_KEY": GOOD2,
        "CHECKPOINT_SIGNING_KEY": GOOD,
    }
    value.update(overrides)
    return value


def ids(debug, hyte):
    with override_settings(DEBUG=debug, WAGTAIL_HYTE=hyte):
        return sorted(m.id for m in check_secrets())


def test_complete_configuration_passes_with_debug_off():
    assert ids(False, complete()) == []


def test_test_settings_pass_the_checks():
    # The suite's own settings (DEBUG off) are a valid production-like configuration.
    assert [m.id for m in check_secrets()] == []


@pytest.mark.parametrize(
    "missing",
    ["KEY_ENCRYPTION_KEYS", "CURRENT_KEY_ID", "BLIND_INDEX_KEY", "CHECKPOINT_SIGNING_KEY"],
)
def test_missing_secret_is_an_error_without_debug(missing):
    hyte = complete()
    hyte.pop(missing)
    found = ids(False, hyte)
    assert "hyte.E001" in found


def test_missing_secrets_are_warnings_with_debug():
    assert ids(True, {"CONTROLLER": {"name": "x"}}) == ["hyte.W002"] * 4


@pytest.mark.parametrize(
    "override",
    [
        {"BLIND_INDEX_KEY": "not base64!"},
        {"BLIND_INDEX_KEY": base64.b64encode(b"short").decode()},
        {"CHECKPOINT_SIGNING_KEY": base64.b64encode(bytes(range(40))).decode()},
        {"KEY_ENCRYPTION_KEYS": {"k1": base64.b64encode(bytes(32)).decode()}},
        {"KEY_ENCRYPTION_KEYS": "k1:abc"},
    ],
)
def test_malformed_keys_are_errors(override):
    assert "hyte.E002" in ids(False, complete(**override))
    assert "hyte.E002" in ids(True, complete(**override))


def test_current_key_id_must_name_a_key():
    assert ids(False, complete(CURRENT_KEY_ID="k9")) == ["hyte.E003"]


def test_controller_name_required_without_debug():
    assert ids(False, complete(CONTROLLER={"name": ""})) == ["hyte.E004"]
    assert ids(True, complete(CONTROLLER={"name": ""})) == []


def test_published_development_keys_warn_with_debug_and_fail_without():
    hyte = complete(KEY_ENCRYPTION_KEYS={"dev-1": DEV_KEK}, CURRENT_KEY_ID="dev-1")
    assert ids(True, hyte) == ["hyte.W001"]
    assert ids(False, hyte) == ["hyte.E005"]


def test_example_site_dev_keys_are_the_published_ones():
    from example_site.settings import dev

    with override_settings(DEBUG=True, WAGTAIL_HYTE=dev.WAGTAIL_HYTE):
        messages = check_secrets()
    assert [m.id for m in messages] == ["hyte.W001"]
    for name in ("KEY_ENCRYPTION_KEYS", "BLIND_INDEX_KEY", "CHECKPOINT_SIGNING_KEY"):
        assert name in messages[0].msg


def test_unknown_key_warns():
    assert ids(False, complete(BLIND_INDEX=GOOD)) == ["hyte.W003"]


# --- KEY_ENCRYPTION_KEYS as the environment's string -------------------------


def test_string_keyring_passes():
    hyte = complete(KEY_ENCRYPTION_KEYS=f"k2:{GOOD2},k1:{GOOD}")
    assert ids(False, hyte) == []
    assert (
        ids(False, complete(KEY_ENCRYPTION_KEYS=f"k2:{GOOD2},k1:{GOOD}", CURRENT_KEY_ID="k2")) == []
    )


def test_empty_string_keyring_is_not_set():
    assert ids(False, complete(KEY_ENCRYPTION_KEYS="")) == ["hyte.E001"]
    assert ids(False, complete(KEY_ENCRYPTION_KEYS="  ", CURRENT_KEY_ID="")) == [
        "hyte.E001",
        "hyte.E001",
    ]
    assert ids(True, complete(KEY_ENCRYPTION_KEYS="")) == ["hyte.W002"]


def messages(debug, hyte):
    with override_settings(DEBUG=debug, WAGTAIL_HYTE=hyte):
        return check_secrets()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (f"k1{GOOD}", "item 1 has no ':'"),
        (f"{GOOD}:k1", "the key id of item 1 must be"),
        (f"k1:{GOOD},k1:{GOOD2}", "'k1' appears more than once"),
        (["k1", GOOD], "must be a dict"),
    ],
)
def test_malformed_string_keyring_is_e002_naming_the_problem_not_the_key(value, problem):
    found = messages(False, complete(KEY_ENCRYPTION_KEYS=value))
    assert [m.id for m in found] == ["hyte.E002"]
    assert problem in found[0].msg
    assert GOOD not in found[0].msg and GOOD2 not in found[0].msg
    assert "hyte_generate_keys" in found[0].hint


def test_bad_key_in_string_keyring_is_e002_for_that_key():
    found = messages(False, complete(KEY_ENCRYPTION_KEYS=f"k1:{GOOD},k2:bm9wZQ=="))
    assert [m.id for m in found] == ["hyte.E002"]
    assert "KEY_ENCRYPTION_KEYS['k2']" in found[0].msg
    assert "decodes to 4 bytes" in found[0].msg


def test_current_key_id_error_lists_the_configured_ids():
    (found,) = messages(
        False, complete(KEY_ENCRYPTION_KEYS=f"a:{GOOD},b:{GOOD2}", CURRENT_KEY_ID="c")
    )
    assert found.id == "hyte.E003"
    assert "'a', 'b'" in found.msg
    assert "hyte_generate_keys" in found.hint


@pytest.mark.parametrize(
    "hyte",
    [
        {"CONTROLLER": {"name": "x"}},  # missing
        complete(BLIND_INDEX_KEY="not base64!"),  # malformed
        complete(KEY_ENCRYPTION_KEYS="k1"),  # malformed string
        complete(KEY_ENCRYPTION_KEYS={"dev-1": DEV_KEK}, CURRENT_KEY_ID="dev-1"),  # published
    ],
)
@pytest.mark.parametrize("debug", [False, True])
def test_every_key_problem_recommends_hyte_generate_keys(hyte, debug):
    found = messages(debug, hyte)
    assert found
    for message in found:
        assert "manage.py hyte_generate_keys" in message.hint, message.id


# --- hyte.E006: the base template ---------------------------------------------


def templates_in(directory):
    return [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [str(directory)],
            "APP_DIRS": True,
        }
    ]


def test_example_base_template_loads():
    assert check_base_template() == []


def test_missing_base_template(tmp_path):
    with override_settings(TEMPLATES=templates_in(tmp_path)):
        (found,) = check_base_template()
        assert found.id == "hyte.E006"
        assert "WAGTAIL_HYTE['BASE_TEMPLATE'] = 'base.html'" in found.msg
        assert "TemplateDoesNotExist" in found.msg
        with override_settings(WAGTAIL_HYTE={"BASE_TEMPLATE": "site/layout.html"}):
            (tmp_path / "site").mkdir()
            (tmp_path / "site" / "layout.html").write_text("{% block content %}{% endblock %}")
            assert check_base_template() == []


def test_base_template_with_a_syntax_error(tmp_path):
    (tmp_path / "base.html").write_text("{% block content %}no end")
    with override_settings(TEMPLATES=templates_in(tmp_path)):
        (found,) = check_base_template()
    assert found.id == "hyte.E006"
    assert "TemplateSyntaxError" in found.msg and "endblock" in found.msg


def test_base_template_setting_must_be_a_name():
    with override_settings(WAGTAIL_HYTE={"BASE_TEMPLATE": ""}):
        assert [m.id for m in check_base_template()] == ["hyte.E006"]


# --- hyte.W004 / hyte.W005: links sent out must not point at a development host


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "LOCALHOST.",
        "127.0.0.1",
        "127.0.1.1",
        "::1",
        "[::1]",
        "app.localhost",
        "example.com",
        "www.example.com",
        "example.org",
        "hyte.example",
        "",
        None,
    ],
)
def test_development_hosts(host):
    assert is_development_host(host)


@pytest.mark.parametrize(
    "host", ["hyte.hyvinvointialue.fi", "hyte.hyvinvointialue.invalid", "testserver", "10.0.0.5"]
)
def test_real_hosts(host):
    assert not is_development_host(host)


def base_url_ids(debug, url):
    with override_settings(DEBUG=debug, WAGTAILADMIN_BASE_URL=url):
        return [m.id for m in check_base_url()]


@pytest.mark.parametrize(
    "url",
    [
        "",
        "http://localhost:8000",
        "http://127.0.0.1:8000/",
        "https://hyte.example.org",
        "https://www.example.com",
        "http://[::1]:8000",
        "hyte.hyvinvointialue.fi",  # not an absolute URL
    ],
)
def test_development_base_url_warns_without_debug(url):
    assert base_url_ids(False, url) == ["hyte.W004"]
    assert base_url_ids(True, url) == []


def test_base_url_warning_says_what_uses_it():
    with override_settings(DEBUG=False, WAGTAILADMIN_BASE_URL="http://localhost:8000"):
        (found,) = check_base_url()
    assert "'http://localhost:8000'" in found.msg
    assert "referral emails" in found.msg


def test_unset_base_url_warns():
    from django.conf import settings as django_settings

    with override_settings(DEBUG=False):
        del django_settings.WAGTAILADMIN_BASE_URL
        (found,) = check_base_url()
    assert found.id == "hyte.W004" and "is not set" in found.msg


def test_real_base_url_passes():
    assert base_url_ids(False, "https://hyte.hyvinvointialue.fi") == []
    assert base_url_ids(False, "http://testserver") == []  # the test settings


@pytest.fixture
def default_site(db):
    from wagtail.models import Page, Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", root_page=Page.get_first_root_node(), is_default_site=True
        )
    return site


@pytest.mark.parametrize("hostname", ["localhost", "127.0.0.1", "hyte.example.org"])
def test_default_site_on_a_development_host_warns_without_debug(default_site, hostname):
    default_site.hostname = hostname
    default_site.save()
    with override_settings(DEBUG=False):
        (found,) = check_default_site(databases=["default"])
        assert found.id == "hyte.W005"
        assert repr(hostname) in found.msg
        assert "recommendation text messages, emails and QR codes" in found.msg
        assert check_default_site(databases=None) == []  # only with --database
    with override_settings(DEBUG=True):
        assert check_default_site(databases=["default"]) == []


def test_default_site_on_a_real_host_passes(default_site):
    default_site.hostname = "hyte.hyvinvointialue.fi"
    default_site.port = 443
    default_site.save()
    with override_settings(DEBUG=False):
        assert check_default_site(databases=["default"]) == []


def test_default_site_check_tolerates_an_unmigrated_database(monkeypatch, db):
    from django.db import OperationalError
    from wagtail.models import Site

    class Broken:
        def using(self, alias):
            raise OperationalError("no such table: wagtailcore_site")

    monkeypatch.setattr(Site, "objects", Broken())
    with override_settings(DEBUG=False):
        assert check_default_site(databases=["default"]) == []


# --- hyte.W007: no staff email hashes to an avatar service


def test_wagtails_default_avatar_service_warns():
    from django.conf import settings as django_settings

    with override_settings():
        del django_settings.WAGTAIL_GRAVATAR_PROVIDER_URL
        (found,) = check_avatar_service()
    assert found.id == "hyte.W007"
    assert "'//www.gravatar.com/avatar'" in found.msg


def test_a_chosen_avatar_service_warns_and_none_is_silent():
    with override_settings(WAGTAIL_GRAVATAR_PROVIDER_URL="https://avatars.example.invalid"):
        assert [m.id for m in check_avatar_service()] == ["hyte.W007"]
    with override_settings(WAGTAIL_GRAVATAR_PROVIDER_URL=None):
        assert check_avatar_service() == []


@pytest.mark.django_db
def test_admin_pages_fetch_no_avatars_from_outside(client, make_user):
    client.force_login(make_user("coordinator", email="koordinaattori@example.invalid"))
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()
    sources = re.findall(r'<img[^>]*\ssrc="([^"]*)"', html)
    assert [src for src in sources if src.startswith(("http:", "https:", "//"))] == []
