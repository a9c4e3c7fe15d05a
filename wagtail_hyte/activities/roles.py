"""Editors and coordinators manage the taxonomies and search synonyms; editors get
page permissions on every activity catalogue (``configure``, and ``receivers`` when
a catalogue is created), plus images and documents."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from wagtail_hyte.core.roles import COORDINATOR, EDITOR, GROUP_NAMES, PARTNER_STAFF

from .models import ActivityIndexPage, ServicePathPage

_TAXONOMY_PERMS = [
    f"wagtail_hyte_activities.{action}_{model}"
    for model in ("theme", "targetgroup", "accessibilityfeature", "searchsynonym")
    for action in ("add", "change", "delete", "view")
]

PERMISSIONS = {
    EDITOR: _TAXONOMY_PERMS,
    COORDINATOR: _TAXONOMY_PERMS,
    # Their own organisation's activity pages only (page_permissions.py).
    PARTNER_STAFF: ["wagtail_hyte_activities.edit_own_activity_pages"],
}

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)


def needs_own_permissions(page) -> bool:
    """True for catalogue pages, and for service paths outside every catalogue.

    Service paths may have any parent (``ServicePathPage`` sets no
    ``parent_page_types``); under a catalogue they inherit its permissions.
    """
    specific_class = page.specific_class
    if specific_class is None:
        return False
    if issubclass(specific_class, ActivityIndexPage):
        return True
    if issubclass(specific_class, ServicePathPage):
        return not ActivityIndexPage.objects.ancestor_of(page).exists()
    return False


def grant_editor_page_permissions(page, editors=None) -> list[str]:
    """Give the editors' group ``PAGE_PERMISSIONS`` on ``page``; idempotent.

    ``editors`` defaults to the "HYTE editors" group; when that group does not
    exist yet (roles not set up) nothing happens: ``hyte_setup_roles`` grants
    the permissions later. Returns the codenames added.
    """
    if editors is None:
        editors = Group.objects.filter(name=GROUP_NAMES[EDITOR]).first()
        if editors is None:
            return []
    added = []
    with transaction.atomic():
        permissions = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
        ).order_by("codename")
        for permission in permissions:
            _grant, created = GroupPagePermission.objects.get_or_create(
                group=editors, page_id=page.pk, permission=permission
            )
            if created:
                added.append(permission.codename)
    return added


def configure(groups) -> None:
    """Editors may add, edit and publish pages under every ActivityIndexPage
    (and on service paths outside a catalogue), and add and choose images and
    documents in the root collection.

    Catalogues created later get the page permissions when they are created
    (``receivers.grant_on_creation``); running ``hyte_setup_roles`` again is
    only needed for pages created before the groups existed.
    """
    editors = groups[EDITOR]
    for index in ActivityIndexPage.objects.all():
        grant_editor_page_permissions(index, editors)
    for service_path in ServicePathPage.objects.all():
        if needs_own_permissions(service_path):
            grant_editor_page_permissions(service_path, editors)
    root = Collection.get_first_root_node()
    if root is None:
        return
    for app_label, codename in COLLECTION_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission:
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=root, permission=permission
            )
