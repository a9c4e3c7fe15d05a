"""Listing counts and words that read right in Finnish and Swedish."""

import pytest
from django.urls import reverse
from django.utils import translation

from wagtail_hyte.core.paginator import CountLabelPaginator

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, one, eight",
    [
        ("fi", "1 toimija", "8 toimijaa"),
        ("sv", "1 aktör", "8 aktörer"),
        ("en", "1 partner", "8 partners"),
    ],
)
def test_counts_use_plural_forms(make_partner, language, one, eight):
    from wagtail_hyte.partners.models import Partner

    partners = [make_partner() for _ in range(8)]
    with translation.override(language):
        assert (
            CountLabelPaginator(Partner.objects.filter(pk=partners[0].pk), 50).items_count_label
            == one
        )
        assert CountLabelPaginator(Partner.objects.all(), 50).items_count_label == eight


def test_a_model_without_count_label_keeps_wagtails_text(make_user):
    from django.contrib.auth.models import Group

    with translation.override("en"):
        label = CountLabelPaginator(Group.objects.none(), 50).items_count_label
    assert label == "0 groups"


def test_the_partner_listing_shows_the_finnish_count(client, make_user, make_partner):
    from wagtail_hyte.partners.views import PartnerViewSet

    for _ in range(8):
        make_partner()
    client.force_login(make_user("superuser"))
    html = client.get(reverse(PartnerViewSet().get_url_name("list"))).content.decode()
    assert "8 toimijaa" in html
    assert "8 toimijat" not in html


def test_subject_means_a_data_subject_in_the_ledger_and_an_email_subject_in_templates():
    from wagtail_hyte.ledger.views.entries import PersonalDataReadsView
    from wagtail_hyte.recommendations.viewsets import MessageTemplateViewSet

    with translation.override("fi"):
        ledger = {str(c.label) for c in PersonalDataReadsView.columns if c.name == "subjects"}
        templates = {
            str(c.label) for c in MessageTemplateViewSet.list_display if c.name == "subject"
        }
    assert (ledger, templates) == ({"Rekisteröity"}, {"Aihe"})


def test_the_agreement_count_that_read_wrong_in_finnish(make_agreement):
    from wagtail_hyte.agreements.models import PartnerAgreement

    for _ in range(8):
        make_agreement()
    with translation.override("fi"):
        label = CountLabelPaginator(PartnerAgreement.objects.all(), 50).items_count_label
    assert label == "8 yhteistyösopimusta"
