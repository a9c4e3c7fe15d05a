"""A fresh site can refer: default consent notices, the W002 check, and the
catalogue's referral badge and filter offered only while referrals can be made."""

import ast
import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks import Tags, run_checks
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail import hooks

from wagtail_hyte.activities.extensions import BADGES_HOOK
from wagtail_hyte.activities.filters import FILTERS_HOOK, all_filters
from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.ledger.models import ConsentNotice
from wagtail_hyte.referrals.checks import check_consent_notices
from wagtail_hyte.referrals.notices import DEFAULT_NOTICES, NOTICE_KEY, default_notice

pytestmark = pytest.mark.django_db

MIGRATION = ("wagtail_hyte_referrals", "0004_e_default_consent_notices")


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def migration_seed():
    from importlib import import_module

    return import_module(f"wagtail_hyte.referrals.migrations.{MIGRATION[1]}").seed


def migration_apps():
    """The app registry as the migration sees it (historical models)."""
    return MigrationExecutor(connection).loader.project_state(MIGRATION, at_end=True).apps


def no_keys():
    return override_settings(
        WAGTAIL_HYTE={**settings.WAGTAIL_HYTE, "KEY_ENCRYPTION_KEYS": {}, "BLIND_INDEX_KEY": ""}
    )


# --- the migration -------------------------------------------------------------


def test_migrated_site_has_the_three_default_notices():
    notices = ConsentNotice.objects.filter(key=NOTICE_KEY)
    assert sorted(notices.values_list("language", "version")) == [
        ("en", 1),
        ("fi", 1),
        ("sv", 1),
    ]
    for notice in notices:
        title, text = default_notice(notice.language)
        assert (notice.title, notice.text) == (title, text)
        assert notice.text_sha256 == sha(notice.text) == ConsentNotice.hash_text(notice.text)
        # the history is complete: a "created" row, as for a coordinator's notice
        assert list(notice.history.values_list("history_type", flat=True)) == ["+"]


@pytest.mark.parametrize(
    "language, needles",
    [
        (
            "fi",
            [
                "nimesi",
                "puhelinnumerosi",
                "sähköpostiosoitteesi",
                "lähetteessä nimetylle",
                "vapaaehtoinen",
                "milloin tahansa",
                "ammattilaiselle, toimijalle tai hyvinvointialueelle",
                "365 päivää",
                "rekisterinpitäjä",
            ],
        ),
        (
            "sv",
            [
                "ditt namn",
                "telefonnummer",
                "e-postadress",
                "nämns i remissen",
                "frivilligt",
                "när som helst",
                "yrkespersonen",
                "välfärdsområdet",
                "365 dagar",
                "Personuppgiftsansvarig",
            ],
        ),
        (
            "en",
            [
                "your name",
                "phone number",
                "email address",
                "named on the referral",
                "voluntary",
                "at any time",
                "the professional who made the referral, the organisation or the welfare area",
                "365 days",
                "controller",
            ],
        ),
    ],
)
def test_default_texts_say_what_who_why_withdrawal_retention_controller(language, needles):
    text = ConsentNotice.objects.get(key=NOTICE_KEY, language=language).text
    for needle in needles:
        assert needle in text
    assert "{" not in text  # no placeholders left: the form shows the text as such


def test_texts_follow_the_settings_when_published(settings):
    settings.WAGTAIL_HYTE = {
        **settings.WAGTAIL_HYTE,
        "RETENTION_DAYS": 180,
        "CONTROLLER": {"name": "Keski-Suomen hyvinvointialue"},
    }
    title, text = default_notice("fi")
    assert title == DEFAULT_NOTICES["fi"][0]
    assert "180 päivää" in text
    assert "rekisterinpitäjä on Keski-Suomen hyvinvointialue." in text


def test_migration_function_on_an_empty_table():
    ConsentNotice.objects.all().delete()
    migration_seed()(migration_apps(), None)
    notices = ConsentNotice.objects.filter(key=NOTICE_KEY, version=1)
    assert sorted(notices.values_list("language", flat=True)) == ["en", "fi", "sv"]
    for notice in notices:
        assert notice.text_sha256 == sha(notice.text)
        assert notice.created_at is not None
        (row,) = notice.history.all()
        assert (row.history_type, row.text_sha256, row.text) == (
            "+",
            notice.text_sha256,
            notice.text,
        )
    # run again: nothing more, nothing changed
    before = list(ConsentNotice.objects.order_by("pk").values())
    migration_seed()(migration_apps(), None)
    assert list(ConsentNotice.objects.order_by("pk").values()) == before
    assert sum(notice.history.count() for notice in ConsentNotice.objects.all()) == 3


def test_migration_function_keeps_existing_notices():
    """A language that has a referral notice (any version) gets no default."""
    ConsentNotice.objects.all().delete()
    own = ConsentNotice.objects.create(
        key=NOTICE_KEY, version=3, language="sv", title="Samtycke", text="Egen text."
    )
    other_key = ConsentNotice.objects.create(
        key="newsletter", version=1, language="fi", title="Uutiskirje", text="Muu suostumus."
    )
    migration_seed()(migration_apps(), None)
    assert sorted(
        ConsentNotice.objects.filter(key=NOTICE_KEY).values_list("language", "version")
    ) == [("en", 1), ("fi", 1), ("sv", 3)]
    own.refresh_from_db()
    other_key.refresh_from_db()
    assert own.text == "Egen text." and other_key.text == "Muu suostumus."


def test_real_model_records_history_once():
    """The demo loader seeds with the real model: simple_history writes the rows."""
    from wagtail_hyte.referrals.notices import seed_default_notices

    ConsentNotice.objects.filter(language="en").delete()
    (created,) = seed_default_notices(
        ConsentNotice, migration_apps().get_model("wagtail_hyte_ledger", "HistoricalConsentNotice")
    )
    assert created.language == "en"
    assert created.history.filter(history_type="+").count() == 1
    assert seed_default_notices(ConsentNotice) == []


def test_coordinator_edits_a_default_notice_and_adds_a_version(client, make_user):
    from django.urls import reverse

    client.force_login(make_user("coordinator"))
    notice = ConsentNotice.objects.get(key=NOTICE_KEY, version=1, language="fi")
    edit = reverse("wagtailsnippets_wagtail_hyte_ledger_consentnotice:edit", args=[notice.pk])
    data = {"key": NOTICE_KEY, "version": "1", "language": "fi", "title": notice.title}
    text = notice.text + "\n\nTietosuojaseloste: https://example.invalid/tietosuoja"
    assert client.post(edit, {**data, "text": text}).status_code == 302
    notice.refresh_from_db()
    assert notice.text == text and notice.text_sha256 == sha(text)
    add = reverse("wagtailsnippets_wagtail_hyte_ledger_consentnotice:add")
    assert client.post(add, {**data, "version": "2", "text": "Uusi versio."}).status_code == 302
    from wagtail_hyte.referrals.notices import notice_for

    assert notice_for("fi").version == 2


# --- the system check ------------------------------------------------------------


def w002(messages):
    return [m for m in messages if m.id == "hyte_referrals.W002"]


def test_check_silent_with_the_default_notices():
    assert w002(run_checks(tags=[Tags.database], databases=["default"])) == []


def test_check_warns_for_each_language_without_a_notice():
    ConsentNotice.objects.filter(language__in=["sv", "en"]).delete()
    warnings = w002(run_checks(tags=[Tags.database], databases=["default"]))
    assert len(warnings) == 2
    assert {'"sv"' in w.msg or '"en"' in w.msg for w in warnings} == {True}
    assert all(w.level == 30 for w in warnings)  # a Warning: never blocks migrate
    assert "HYTE → Consent notices" in warnings[0].hint and "migrate" in warnings[0].hint
    ConsentNotice.objects.all().delete()
    assert len(check_consent_notices(databases=["default"])) == len(hyte_settings.LANGUAGES)


def test_check_follows_the_configured_languages(settings):
    ConsentNotice.objects.filter(language="en").delete()
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "LANGUAGES": ("fi", "sv")}
    assert check_consent_notices(databases=["default"]) == []
    ConsentNotice.objects.filter(language="sv").delete()
    (warning,) = check_consent_notices(databases=["default"])
    assert '"sv"' in warning.msg


def test_check_needs_the_database():
    ConsentNotice.objects.all().delete()
    assert check_consent_notices(databases=None) == []


# --- the catalogue ---------------------------------------------------------------


def catalogue_page(client, catalogue, **params):
    response = client.get(catalogue.url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_badge_and_filter_with_keys_and_notices(client, world, catalogue):
    page = catalogue_page(client, catalogue)
    assert 'id="hyte-referral"' in page
    assert "hyte-badge--referral" in page
    assert "referral" in [f.name for f in all_filters()]
    assert "hyte-badge--referral" in client.get(world.activity.url).content.decode()


def test_no_badge_or_filter_without_notices(client, world, catalogue, make_partner, make_activity):
    other = make_activity("Ilman sopimusta", organiser=make_partner(name="Sopimukseton ry"))
    ConsentNotice.objects.all().delete()
    page = catalogue_page(client, catalogue)
    assert 'id="hyte-referral"' not in page
    assert "hyte-badge--referral" not in page
    assert "referral" not in [f.name for f in all_filters()]
    # ?referral=1 is ignored, not applied: every activity is listed
    page = catalogue_page(client, catalogue, referral="1")
    assert world.activity.title in page and other.title in page
    assert "hyte-badge--referral" not in client.get(world.activity.url).content.decode()


def test_no_badge_or_filter_without_keys(client, world, catalogue, make_user):
    client.force_login(make_user("professional"))
    with no_keys():
        page = catalogue_page(client, catalogue)
        assert 'id="hyte-referral"' not in page
        assert "hyte-badge--referral" not in page
        activity_page = client.get(world.activity.url).content.decode()
        assert "hyte-badge--referral" not in activity_page
        assert "/hyte/referrals/new/" not in activity_page  # nor the action


def test_full_quota_badge_hidden_without_notices(client, world, catalogue, make_user):
    from django.db import transaction

    from wagtail_hyte.agreements import services as agreement_services

    for n in range(world.agreement.quota):
        with transaction.atomic():
            agreement_services.reserve_slot(world.agreement, reference=f"fill-{n}")
    client.force_login(make_user("professional"))
    assert "hyte-badge--referral-full" in client.get(world.activity.url).content.decode()
    ConsentNotice.objects.all().delete()
    assert "hyte-badge--referral-full" not in client.get(world.activity.url).content.decode()


def test_readiness_costs_one_query_per_request(client, world, catalogue, make_user):
    """The filter, the badges and the action share one readiness answer per request."""
    client.force_login(make_user("professional"))
    client.get(catalogue.url)  # warm up
    for url in (catalogue.url, world.activity.url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        notice_queries = [q for q in queries.captured_queries if "consentnotice" in q["sql"]]
        assert len(notice_queries) == 1, url


def test_catalogue_referral_hooks_belong_to_the_referrals_app():
    """With agreements installed but referrals not, nothing advertises referrals:
    no agreements hook adds badges or filters, and agreements never imports referrals."""
    for hook in (FILTERS_HOOK, BADGES_HOOK):
        modules = {fn.__module__ for fn in hooks.get_hooks(hook)}
        assert "wagtail_hyte.referrals.wagtail_hooks" in modules
        assert not any(m.startswith("wagtail_hyte.agreements") for m in modules)
    import wagtail_hyte.agreements

    package = Path(wagtail_hyte.agreements.__file__).parent
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            assert not any(n.startswith("wagtail_hyte.referrals") for n in names), source
    assert not (package / "catalogue.py").exists()


# --- the other hooks (factored into tables: same items as before) ------------------


def test_referral_menu_items_and_urls(rf, make_user):
    from django.urls import reverse

    from wagtail_hyte.core.wagtail_hooks import MENU_HOOK

    items = {item.name: item for item in (fn() for fn in hooks.get_hooks(MENU_HOOK))}
    expected = {
        "hyte-referral-inbox": ("hyte_referrals:inbox", "mail", 300, "partner_staff"),
        "hyte-my-referrals": ("hyte_referrals:mine", "mail", 310, "professional"),
        "hyte-referral-figures": ("hyte_referrals:figures", "table", 320, "coordinator"),
        "hyte-record-withdrawal": (
            "hyte_referrals:coordinator_withdrawal",
            "mail",
            330,
            "coordinator",
        ),
    }
    editor = rf.get("/")
    editor.user = make_user("editor")
    for name, (url_name, icon, order, role) in expected.items():
        item = items[name]
        assert (item.url, item.icon_name, item.order) == (reverse(url_name), icon, order)
        request = rf.get("/")
        request.user = make_user(role)
        assert item.is_shown(request)
        assert not item.is_shown(editor)
    assert reverse("hyte_referrals:new", args=[7]) == "/admin/hyte/referrals/new/7/"
    assert reverse("hyte_referrals:inbox_detail", args=[3]).endswith("/hyte/referrals/inbox/3/")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        yield
