"""One definition of "a professional" (core.roles.is_professional), by permission."""

import pytest
from django.contrib.auth.models import Group, Permission

from wagtail_hyte.core.roles import is_professional, professional_permissions
from wagtail_hyte.metrics.counters import audience_of
from wagtail_hyte.metrics.models import Audience
from wagtail_hyte.recommendations.services import can_recommend
from wagtail_hyte.referrals.access import can_make_referrals
from wagtail_hyte.referrals.catalogue import sees_capacity

pytestmark = pytest.mark.django_db


def test_the_apps_name_the_professional_permissions():
    assert set(professional_permissions()) == {
        "wagtail_hyte_recommendations.recommend_activities",
        "wagtail_hyte_referrals.make_referral",
    }


def test_professionals_group_gets_the_recommend_permission(make_user):
    user = make_user("professional")
    assert user.has_perm("wagtail_hyte_recommendations.recommend_activities")
    assert is_professional(user)
    assert can_recommend(user)
    assert can_make_referrals(user)
    assert audience_of(user) == Audience.PROFESSIONAL
    assert sees_capacity(user)


@pytest.mark.parametrize("role", ["editor", "partner_staff", "coordinator", "auditor", None])
def test_other_roles_are_not_professionals(make_user, role):
    user = make_user(role)
    assert not is_professional(user)
    assert not can_recommend(user)
    assert not can_make_referrals(user)
    assert audience_of(user) == Audience.OTHER
    assert sees_capacity(user) == (role == "coordinator")


def test_a_sites_own_group_with_the_permission_may_recommend(make_user):
    user = make_user(None)
    group = Group.objects.create(name="Omat ammattilaiset")
    group.permissions.add(Permission.objects.get(codename="recommend_activities"))
    user.groups.add(group)
    assert is_professional(user)
    assert can_recommend(user)
    assert not can_make_referrals(user)  # referring is its own permission


def test_superusers_and_inactive_users(make_user):
    superuser = make_user("superuser")
    assert is_professional(superuser) and can_recommend(superuser)
    assert audience_of(superuser) == Audience.OTHER  # as before: not counted as professional
    inactive = make_user("professional", is_active=False)
    assert not is_professional(inactive)
    assert not can_recommend(inactive)
    assert not is_professional(None)
