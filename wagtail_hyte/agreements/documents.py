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


# Wagtail 7.4's document views read a module-level ``permission_policy`` that
# each module imported from ``wagtail.documents.permissions``.
WAGTAIL_7_POLICY_MODULES = (
    "wagtail.documents.permissions",
    "wagtail.documents.views.documents",
    "wagtail.documents.views.chooser",
    "wagtail.documents.views.bulk_actions.document_bulk_action",
    "wagtail.documents.wagtail_hooks",
    "wagtail.documents.forms",
)


def register_document_policy() -> None:
    """Wagtail 8 reads the policy from its registry. Wagtail 7.4 has none: its
    document views (index, edit, chooser including ``chosen/<pk>/``, bulk
    actions) each hold the policy as a module attribute, replaced here."""
    from importlib import import_module

    from wagtail.documents import get_document_model
    from wagtail.documents.models import Document

    from wagtail_hyte.core.viewsets import register_policy

    policy = HyteDocumentPermissionPolicy(
        get_document_model(), auth_model=Document, owner_field_name="uploaded_by_user"
    )
    register_policy(get_document_model(), policy)
    try:
        from wagtail.permissions import register_permission_policy  # noqa: F401
    except ImportError:  # Wagtail 7.4 (Wagtail 8: the registry is enough)
        for name in WAGTAIL_7_POLICY_MODULES:
            module = import_module(name)
            current = getattr(module, "permission_policy", None)
            if current is not None and not isinstance(current, HyteDocumentPermissionPolicy):
                module.permission_policy = policy
