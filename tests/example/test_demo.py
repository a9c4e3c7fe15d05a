"""hyte_load_demo: idempotent, every role can log in (refusal: test_demo_refusal.py).

The demo is loaded once for the module (the ``demo`` fixture, tests/example/conftest.py).
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from tests.example.conftest import load_demo as load
from wagtail_hyte.core.models import Municipality
from wagtail_hyte.partners.models import Partner, PartnerKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_demo_is_idempotent():
    counts = (get_user_model().objects.count(), Partner.objects.count())
    output = load()
    assert (get_user_model().objects.count(), Partner.objects.count()) == counts
    assert "hyte-demo-2026" in output


def test_demo_partners_cover_kinds_and_keski_suomi():
    partners = Partner.objects.all()
    assert partners.count() >= 8
    assert {p.kind for p in partners} == set(PartnerKind.values)
    served = Municipality.objects.filter(partners__isnull=False).distinct()
    assert served.count() >= 10
    assert set(served.values_list("region", flat=True)) == {"Keski-Suomi"}
    for partner in partners:
        partner.full_clean()


@pytest.mark.parametrize(
    "username", ["admin", "editor", "professional", "partner", "coordinator", "auditor"]
)
def test_every_demo_role_can_log_in_to_the_admin(client, username):
    # django-axes (the example site's sign-in throttling) needs the request.
    request = RequestFactory().post("/admin/login/")
    assert client.login(request=request, username=username, password="hyte-demo-2026")
    response = client.get("/admin/")
    assert response.status_code == 200


def test_demo_partner_edits_own_pages_reviewed_by_editors(client):
    """The demo partner finds their organisation's pages, and the catalogue's
    workflow sends their changes to the HYTE editors."""
    from wagtail.models import GroupApprovalTask

    from wagtail_hyte.activities.models import ActivityIndexPage, ActivityPage

    partner_user = get_user_model().objects.get(username="partner")
    own = ActivityPage.objects.filter(organiser__memberships__user=partner_user)
    assert own.exists()
    assert own.first().permissions_for_user(partner_user).can_edit()
    catalogue = ActivityIndexPage.objects.get(slug="hyvinvointitarjotin")
    workflow = catalogue.get_workflow()
    assert workflow is not None and workflow.name == "Toimintasivujen tarkistus"
    task = GroupApprovalTask.objects.get(workflow_tasks__workflow=workflow)
    assert list(task.groups.values_list("name", flat=True)) == ["HYTE editors"]
    client.force_login(partner_user)
    response = client.get("/admin/hyte/activity-pages/")
    assert response.status_code == 200
    assert own.first().title in response.content.decode()
