"""A planted canary never appears in plaintext: not in any table, history included,
not in the logs, not in error messages."""

import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from wagtail_hyte.ledger.services import (
    create_subject_with_contact,
    erase_subject,
    find_subjects_by_phone,
    read_contact_details,
    rotate_keys,
    update_contact_details,
    withdraw_consent,
)

from .conftest import CANARY, CANARY_PHONE_E164

NEEDLES = [
    "zyxwvutsa",
    "qwertyborg",
    "409876543",  # national and E.164 forms both contain it
    "987 6543",
    "zyx.canary-7731",
    "canary-7731@",
    "kanarialintu",
    "weekday mornings",
]


def dump_database() -> str:
    """Every row of every table (history tables included), as text."""
    chunks = []
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        assert any(name.endswith("historicalcontactdetails") for name in tables)
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview):
                        value = value.tobytes()
                    if isinstance(value, bytes):
                        chunks.append(value.decode("latin-1"))
                        chunks.append(value.decode("utf-8", "replace"))
                    else:
                        chunks.append(str(value))
    return "\n".join(chunks).lower()


def assert_no_canary(text: str, where: str):
    lowered = text.lower()
    found = [needle for needle in NEEDLES if needle in lowered]
    assert not found, f"canary {found} found in {where}"


@pytest.mark.django_db(transaction=True)
def test_canary_never_in_plaintext(
    caplog, professional, partner, notice, consent_for, make_partner
):
    caplog.set_level(logging.DEBUG)
    subject = create_subject_with_contact(CANARY, professional)
    consent = consent_for(subject)
    assert read_contact_details(subject, professional, "referral.contact").name == CANARY["name"]
    update_contact_details(subject, {**CANARY, "note": CANARY["note"] + " 2"}, professional)
    assert list(find_subjects_by_phone(CANARY_PHONE_E164)) == [subject]
    rotate_keys()
    errors = []
    for bad in ({**CANARY, "email": "Zyx.Canary-7731@@"}, {**CANARY, "phone": "040 987 6543 0000"}):
        with pytest.raises(ValidationError) as exc:
            create_subject_with_contact(bad, professional)
        errors.append(str(exc.value.message_dict))
    dump = dump_database()
    assert_no_canary(dump, "the database dump")
    withdraw_consent(consent, withdrawn_by=professional, method="verbal")
    erase_subject(subject, professional)
    assert_no_canary(dump_database(), "the database dump after erasure")
    assert caplog.records, "logging was captured"
    assert_no_canary("\n".join(r.getMessage() for r in caplog.records), "the logs")
    assert_no_canary("\n".join(errors), "error messages")
    # positive control: the dump does find plaintext when there is some
    make_partner(name=CANARY["name"])
    with pytest.raises(AssertionError):
        assert_no_canary(dump_database(), "control")
