"""Every custom HYTE permission is registered with Wagtail and shown in its group editor."""

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from wagtail import hooks

from wagtail_hyte.core.wagtail_hooks import hyte_custom_permissions


def custom_codenames():
    return {
        (model._meta.app_label, codename)
        for config in apps.get_app_configs()
        if config.name.startswith("wagtail_hyte.")
        for model in config.get_models()
        for codename, _label in model._meta.permissions
    }


@pytest.mark.django_db
def test_every_custom_permission_is_registered():
    expected = custom_codenames()
    assert ("wagtail_hyte_referrals", "make_referral") in expected
    assert ("wagtail_hyte_ledger", "audit_ledger") in expected
    registered = set()
    for hook in hooks.get_hooks("register_permissions"):
        registered |= set(hook().values_list("content_type__app_label", "codename"))
    assert expected <= registered
    assert set(hyte_custom_permissions().values_list("content_type__app_label", "codename")) == (
        expected
    )


@pytest.mark.django_db
def test_group_editor_offers_them(client, django_user_model, settings):
    from django.contrib.auth.models import Group, Permission

    settings.LANGUAGE_CODE = "en"
    admin = django_user_model.objects.create_superuser("root", "root@example.invalid", "pw")
    group = Group.objects.create(name="Welfare area's own group")
    client.force_login(admin)
    with translation.override("en"):
        page = client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).text
    make_referral = Permission.objects.get(codename="make_referral")
    assert f'value="{make_referral.pk}"' in page
    audit = Permission.objects.get(codename="audit_ledger")
    assert f'value="{audit.pk}"' in page
