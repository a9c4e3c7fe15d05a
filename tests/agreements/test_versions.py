import pytest
from django.utils import translation

from wagtail_hyte.agreements import services, versions

pytestmark = pytest.mark.django_db


def test_every_change_is_a_version_with_user_and_reason(make_agreement, make_user):
    coordinator = make_user("coordinator")
    agreement = make_agreement(user=coordinator)
    services.activate(agreement, user=coordinator, reason="signed")
    agreement.refresh_from_db()
    agreement.quota = 9
    services.update_agreement(agreement, user=coordinator, reason="amendment 1")
    services.suspend(agreement, user=coordinator, reason="pause")
    records = list(agreement.history.order_by("history_date", "history_id"))
    assert [r.status for r in records] == ["draft", "active", "active", "suspended"]
    assert [r.history_change_reason for r in records[1:]] == ["signed", "amendment 1", "pause"]
    assert all(r.history_user == coordinator for r in records[1:])


def test_diff_lists_changed_fields_with_old_and_new_values(make_agreement):
    agreement = make_agreement(quota=5, quota_period="month", title="Alku")
    old = agreement.history.latest()
    agreement.quota = 8
    agreement.quota_period = "quarter"
    services.update_agreement(agreement, reason="change")
    new = agreement.history.latest()
    with translation.override("en"):
        changes = {c.field: (c.old, c.new) for c in versions.diff(old, new)}
    assert changes == {"quota": ("5", "8"), "quota_period": ("Month", "Quarter")}


def test_diff_between_any_two_versions(make_agreement):
    agreement = make_agreement(quota=1)
    first = agreement.history.latest()
    for quota in (2, 3):
        agreement.quota = quota
        services.update_agreement(agreement, reason=f"q{quota}")
    services.activate(agreement, reason="go")
    last = agreement.history.latest()
    with translation.override("en"):
        changes = {c.field: (c.old, c.new) for c in versions.diff(first, last)}
    assert changes["quota"] == ("1", "3")
    assert changes["status"] == ("Draft", "Active")


def test_timeline_is_newest_first_with_changed_fields(make_agreement):
    agreement = make_agreement(quota=1)
    agreement.title = "Uusi otsikko"
    services.update_agreement(agreement, reason="rename")
    with translation.override("en"):
        rows = versions.timeline(agreement)
    assert [row["number"] for row in rows] == [2, 1]
    assert rows[0]["changed"] == ["Title"]
    assert rows[1]["changed"] == []
