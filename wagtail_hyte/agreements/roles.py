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


def agreements_collection(groups=None) -> Collection:
    """The document collection for signed agreements.

    Restricted to the coordinators' and auditors' groups (Wagtail's document
    serve view and API honour it); partner staff download their own partner's
    agreement through the scoped ``signed_document`` view of the agreement
    admin. An older LOGIN restriction is replaced.
    """
    from django.contrib.auth.models import Group

    from wagtail_hyte.core.roles import GROUP_NAMES

    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = root.get_children().filter(name=COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=COLLECTION_NAME)
    CollectionViewRestriction.objects.filter(collection=collection).exclude(
        restriction_type=CollectionViewRestriction.GROUPS
    ).delete()
    restriction, _created = CollectionViewRestriction.objects.get_or_create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    if groups is None:
        groups = {
            role: Group.objects.get_or_create(name=GROUP_NAMES[role])[0]
            for role in (COORDINATOR, AUDITOR)
        }
    restriction.groups.set([groups[COORDINATOR], groups[AUDITOR]])
    return collection


def is_agreement_reader(user) -> bool:
    """Coordinators, auditors and superusers see every signed agreement."""
    from wagtail_hyte.core.roles import has_role

    return has_role(user, COORDINATOR, AUDITOR)


def configure(groups):
    """Coordinators upload and choose signed agreements in their own collection."""
    collection = agreements_collection(groups)
    for codename in ("add_document", "change_document", "choose_document"):
        permission = Permission.objects.get(
            content_type__app_label="wagtaildocs", codename=codename
        )
        GroupCollectionPermission.objects.get_or_create(
            group=groups[COORDINATOR], collection=collection, permission=permission
        )
