"""Editors and coordinators manage the taxonomies; editors get page permissions
on every activity catalogue (``configure``), plus images and documents."""

from wagtail_hyte.core.roles import COORDINATOR, EDITOR

_TAXONOMY_PERMS = [
    f"wagtail_hyte_activities.{action}_{model}"
    for model in ("theme", "targetgroup", "accessibilityfeature")
    for action in ("add", "change", "delete", "view")
]

PERMISSIONS = {
    EDITOR: _TAXONOMY_PERMS,
    COORDINATOR: _TAXONOMY_PERMS,
}

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)


def configure(groups) -> None:
    """Editors may add, edit and publish pages under every ActivityIndexPage,
    and add and choose images and documents in the root collection.

    Run ``manage.py hyte_setup_roles`` again after creating a new catalogue.
    """
    from django.contrib.auth.models import Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    from .models import ActivityIndexPage

    editors = groups[EDITOR]
    page_perms = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    )
    for index in ActivityIndexPage.objects.all():
        for permission in page_perms:
            GroupPagePermission.objects.get_or_create(
                group=editors, page=index, permission=permission
            )
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
