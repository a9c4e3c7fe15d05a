"""Fixtures for the ledger tests: subjects with contact details, consents, tampering."""

import contextlib
import itertools

import pytest
from django.db import connection

CANARY = {
    "name": "Zyxwvutsa Qwertyborg-Canary",
    "phone": "+358 40 987 6543",
    "email": "Zyx.Canary-7731@example.invalid",
    "contact_method": "phone",
    "contact_time": "weekday mornings",
    "language": "fi",
    "note": "Kanarialintu-muistiinpano 4471",
}
CANARY_PHONE_E164 = "+358409876543"

_n = itertools.count(1)


@pytest.fixture
def professional(make_user):
    return make_user("professional")


@pytest.fixture
def partner(make_partner):
    return make_partner()


@pytest.fixture
def notice(db):
    from wagtail_hyte.ledger.models import ConsentNotice

    # This text replaces the site's default notice (referrals migration 0004).
    ConsentNotice.objects.filter(key="referral", version=1, language="fi").delete()
    return ConsentNotice.objects.create(
        key="referral",
        version=1,
        language="fi",
        title="Suostumus",
        text="Yhteystietosi välitetään kumppanille lähetettä varten.",
    )


@pytest.fixture
def make_subject(db, professional):
    from wagtail_hyte.ledger.services import create_subject_with_contact

    def make(**details):
        n = next(_n)
        values = {"name": f"Client {n}", "phone": f"040 111 {n:04d}", "language": "fi"}
        values.update(details)
        return create_subject_with_contact(values, professional)

    return make


@pytest.fixture
def consent_for(professional, partner, notice):
    from wagtail_hyte.ledger.services import record_consent

    def give(subject, recipient=None, **kwargs):
        kwargs.setdefault("purpose", "referral")
        kwargs.setdefault("data_categories", ["name", "phone", "email"])
        kwargs.setdefault("collection_method", "verbal")
        return record_consent(
            subject,
            recipient=recipient or partner,
            notice=notice,
            recorded_by=professional,
            **kwargs,
        )

    return give


def raw_execute(sql, params=()):
    """Run SQL as an attacker with write access would: with a cursor of the database
    driver (no Django guards) and, on PostgreSQL, the triggers disabled."""
    connection.ensure_connection()
    with contextlib.closing(connection.create_cursor()) as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture
def tamper():
    return raw_execute


@pytest.fixture
def chain(db):
    """A chain of ``n`` entries of assorted kinds; returns the entries."""
    from wagtail_hyte.ledger.chain import append_entry

    def build(n=20):
        subjects = [f"5d7d6f1e-0000-4000-8000-{i:012d}" for i in range(3)]
        entries = []
        for i in range(n):
            entries.append(
                append_entry(
                    "consent.given" if i % 2 else "personal_data.read",
                    f"system:test-{i % 3}",
                    [subjects[i % 3]],
                    {"index": i, "code": f"c{i}", "nested": {"ok": i % 2 == 0}},
                )
            )
        return entries

    return build
