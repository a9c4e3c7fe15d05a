"""The API app's system checks and the installation's HSDS id namespace."""

import uuid

from django.test import override_settings

from wagtail_hyte.api import checks
from wagtail_hyte.api.hsds import ids


def _hyte(settings, **values):
    return {**getattr(settings, "WAGTAIL_HYTE", {}), **values}


def test_a_namespace_that_is_not_a_uuid_is_an_error(settings):
    with override_settings(WAGTAIL_HYTE=_hyte(settings, HSDS_ID_NAMESPACE="not-a-uuid")):
        assert [e.id for e in checks.check_hsds_namespace()] == ["hyte_api.E001"]
    namespace = str(uuid.uuid4())
    with override_settings(WAGTAIL_HYTE=_hyte(settings, HSDS_ID_NAMESPACE=namespace)):
        assert checks.check_hsds_namespace() == []


def test_the_urls_are_found_in_the_example_site():
    assert checks.check_api_urls() == []


@override_settings(ROOT_URLCONF="tests.urls_without_feedback")
def test_a_site_without_the_api_urls_is_warned():
    assert [w.id for w in checks.check_api_urls()] == ["hyte_api.W001"]


def test_two_welfare_areas_never_publish_the_same_ids(settings):
    kind = "wagtail_hyte_activities.activitypage"
    controller = {"name": "Area", "business_id": "1234567-8", "email": "", "privacy_notice_url": ""}
    with override_settings(WAGTAIL_HYTE=_hyte(settings, CONTROLLER=controller)):
        first = ids.make(kind, 7)
        assert ids.lookup(kind, first) == 7
    other = {**controller, "business_id": "7654321-0"}
    with override_settings(WAGTAIL_HYTE=_hyte(settings, CONTROLLER=other)):
        second = ids.make(kind, 7)
        assert second != first
        assert ids.lookup(kind, first) is None  # another area's id is not ours
    namespace = str(uuid.uuid4())
    with override_settings(
        WAGTAIL_HYTE=_hyte(settings, CONTROLLER=controller, HSDS_ID_NAMESPACE=namespace)
    ):
        third = ids.make(kind, 7)
        assert third not in (first, second)
        assert uuid.UUID(third).version == 8
        assert ids.lookup(kind, third) == 7
