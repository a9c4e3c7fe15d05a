"""Signed agreements are Wagtail documents in a collection of their own.

Editors hold document permissions on the root collection, which Wagtail
inherits down to every child collection, so this permission policy takes the
agreements collection out of every other user's reach: the document index,
chooser (choose, results, chosen, chosen-multiple), edit, usage and delete
views all ask the registered policy. Serving is guarded separately by the
collection's GROUPS view restriction (coordinators, auditors), which also
keeps the documents out of the admin and public document APIs; partner staff
download their own partner's agreement through the scoped agreement view.
"""

from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from .roles import COLLECTION_NAME, is_agreement_reader


class HyteDocumentPermissionPolicy(CollectionOwnershipPermissionPolicy):
    def _hidden(self, user, instance) -> bool:
        collection = getattr(instance, "collection", None)
        return (
            collection is not None
            and collection.name == COLLECTION_NAME
            and not is_agreement_reader(user)
        )

    def _filter(self, user, queryset):
        if is_agreement_reader(user):
            return queryset
        return queryset.exclude(collection__name=COLLECTION_NAME)

    def user_has_permission_for_instance(self, user, action, instance):
        if self._hidden(user, instance):
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if self._hidden(user, instance):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_permission_for(self, user, action):
        return self._filter(user, super().instances_user_has_permission_for(user, action))

    def instances_user_has_any_permission_for(self, user, actions):
        return self._filter(user, super().instances_user_has_any_permission_for(user, actions))


def register_document_policy() -> None:
    """Wagtail 8 reads the policy from its registry; on 7.4 the chooser
    queryset hook and the view restriction remain the protection."""
    from wagtail.documents import get_document_model
    from wagtail.documents.models import Document

    from wagtail_hyte.core.viewsets import register_policy

    register_policy(
        get_document_model(),
        HyteDocumentPermissionPolicy(
            get_document_model(), auth_model=Document, owner_field_name="uploaded_by_user"
        ),
    )
