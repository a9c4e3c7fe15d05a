"""The shared admin-view base: access fails closed, menu items follow their views,
HYTE admin URL names are namespaced."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail import hooks

from wagtail_hyte.core.adminviews import MENU_HOOK, HyteAccessMixin, HyteMenuItem

pytestmark = pytest.mark.django_db

ROLES = [None, "editor", "professional", "partner_staff", "coordinator", "auditor", "superuser"]


class Nothing(HyteAccessMixin):
    pass


def test_a_view_without_a_rule_refuses_everyone(make_user):
    assert not Nothing.user_has_access(make_user("superuser"))


def test_a_menu_item_needs_a_view_or_a_test():
    with pytest.raises(ImproperlyConfigured):
        HyteMenuItem("x", "wagtailadmin_home")


def test_hyte_menu_items_are_shown_to_exactly_who_may_open_them(rf, make_user):
    items = [fn() for fn in hooks.get_hooks(MENU_HOOK)]
    hyte_items = [item for item in items if isinstance(item, HyteMenuItem)]
    assert {"hyte-ledger", "hyte-usage", "hyte-recommend"} <= {i.name for i in hyte_items}
    for role in ROLES:
        request = rf.get("/admin/")
        request.user = make_user(role)
        for item in hyte_items:
            view = get_resolver().resolve(item.url).func.view_class
            if not hasattr(view, "user_has_access"):
                continue  # an item with its own access_test
            assert item.is_shown(request) == view.user_has_access(request.user), (role, item.name)


def _names(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _names(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace, entry.name


def test_no_global_hyte_ledger_metrics_or_recommend_url_names():
    names = set(_names(get_resolver().url_patterns))
    for prefix in ("hyte_ledger", "hyte_metrics", "hyte_recommend"):
        assert not {n for ns, n in names if not ns and n.startswith(prefix)}
        assert {n for ns, n in names if ns == prefix}
