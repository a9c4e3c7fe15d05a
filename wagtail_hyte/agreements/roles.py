from django.contrib.auth.models import Permission
from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission

from wagtail_hyte.core.roles import AUDITOR, COORDINATOR, PARTNER_STAFF

COLLECTION_NAME = "HYTE partner agreements"

PERMISSIONS = {
    COORDINATOR: [
        "wagtail_hyte_agreements.add_partneragreement",
        "wagtail_hyte_agreements.change_partneragreement",
        "wagtail_hyte_agreements.delete_partneragreement",
        "wagtail_hyte_agreements.view_partneragreement",
        "wagtail_hyte_agreements.change_agreement_status",
    ],
    # Partner staff read their own partner's agreements (scoped by membership).
    PARTNER_STAFF: ["wagtail_hyte_agreements.view_partneragreement"],
    AUDITOR: ["wagtail_hyte_agreements.view_partneragreement"],
}


def agreements_collection() -> Collection:
    """The document collection for signed agreements, visible to logged-in users only."""
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = root.get_children().filter(name=COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=COLLECTION_NAME)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def configure(groups):
    """Coordinators upload and choose signed agreements in their own collection."""
    collection = agreements_collection()
    for codename in ("add_document", "change_document", "choose_document"):
        permission = Permission.objects.get(
            content_type__app_label="wagtaildocs", codename=codename
        )
        GroupCollectionPermission.objects.get_or_create(
            group=groups[COORDINATOR], collection=collection, permission=permission
        )
