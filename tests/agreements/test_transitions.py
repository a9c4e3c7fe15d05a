import pytest

from wagtail_hyte.agreements import services
from wagtail_hyte.agreements.errors import IllegalTransition
from wagtail_hyte.agreements.models import AgreementStatus as S

pytestmark = pytest.mark.django_db

LEGAL = [
    ("draft", "activate", S.ACTIVE),
    ("draft-ended", None, S.ENDED),
    ("active", "suspend", S.SUSPENDED),
    ("active", "end", S.ENDED),
    ("suspended", "resume", S.ACTIVE),
    ("suspended", "end", S.ENDED),
]

ILLEGAL = [
    ("draft", "suspend"),
    ("draft", "resume"),
    ("active", "activate"),
    ("active", "resume"),
    ("suspended", "activate"),
    ("suspended", "suspend"),
    ("ended", "activate"),
    ("ended", "suspend"),
    ("ended", "resume"),
    ("ended", "end"),
]


def test_draft_can_be_ended(make_agreement):
    agreement = make_agreement(status="draft")
    services.end(agreement, reason="never signed")
    agreement.refresh_from_db()
    assert agreement.status == S.ENDED


@pytest.mark.parametrize(("start", "action", "expected"), [x for x in LEGAL if x[1]])
def test_legal_transitions(make_agreement, start, action, expected, make_user):
    user = make_user("coordinator")
    agreement = make_agreement(status=start)
    getattr(services, action)(agreement, user=user, reason=f"{action} for test")
    agreement.refresh_from_db()
    assert agreement.status == expected
    latest = agreement.history.latest()
    assert latest.status == expected
    assert latest.history_user == user
    assert latest.history_change_reason == f"{action} for test"


@pytest.mark.parametrize(("start", "action"), ILLEGAL)
def test_illegal_transitions_raise_and_change_nothing(make_agreement, start, action):
    agreement = make_agreement(status=start)
    versions = agreement.history.count()
    with pytest.raises(IllegalTransition) as exc:
        getattr(services, action)(agreement, reason="x")
    assert exc.value.code == "illegal_transition"
    agreement.refresh_from_db()
    assert agreement.status == start
    assert agreement.history.count() == versions


def test_illegal_transition_message_is_translated(make_agreement):
    from django.utils import translation

    agreement = make_agreement(status="ended")
    with translation.override("fi"), pytest.raises(IllegalTransition) as exc:
        services.activate(agreement)
    assert "ei voi" in exc.value.messages[0]


def test_allowed_actions(make_agreement):
    assert services.allowed_actions(make_agreement(status="draft")) == ["activate", "end"]
    assert services.allowed_actions(make_agreement(status="active")) == ["suspend", "end"]
    assert services.allowed_actions(make_agreement(status="suspended")) == ["resume", "end"]
    assert services.allowed_actions(make_agreement(status="ended")) == []
