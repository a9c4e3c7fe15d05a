"""The partners listing's "Active" column: translated header, yes/no text for screen readers."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

pytestmark = pytest.mark.django_db


def test_active_column_reads_yes_or_no(client, make_user, make_partner):
    make_partner(name="Alfa ry", active=True)
    make_partner(name="Beeta ry", active=False)
    client.force_login(make_user("coordinator"))
    response = client.get(reverse("wagtailsnippets_wagtail_hyte_partners_partner:list"))
    assert response.status_code == 200
    html = response.text
    assert 'title="True"' not in html and 'title="False"' not in html
    with translation.override("fi"):  # the admin answers in the site language
        yes, no = translation.gettext("Yes"), translation.gettext("No")
    assert yes != "Yes"
    assert f'<span class="w-sr-only">{yes}</span>' in html
    assert f'<span class="w-sr-only">{no}</span>' in html


def test_active_column_header_is_translatable():
    from wagtail_hyte.partners.views import PartnerViewSet

    column = next(c for c in PartnerViewSet.list_display if getattr(c, "name", None) == "active")
    assert isinstance(column.label, Promise)
    with translation.override("en"):
        assert str(column.label) == "Active"
