"""One "HYTE" menu group in the Wagtail admin.

Every HYTE app adds its admin views to it with the ``register_hyte_menu_item``
hook (a viewset sets ``menu_hook = "register_hyte_menu_item"``). The group is
shown only when the user may see at least one of its items.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from .adminviews import MENU_HOOK
from .conf import hyte_settings

hyte_menu = Menu(register_hook_name=MENU_HOOK, construct_hook_name="construct_hyte_menu")


@hooks.register("register_admin_menu_item")
def register_hyte_menu():
    label = hyte_settings.ADMIN_MENU_LABEL or _("HYTE")
    return SubmenuMenuItem(label, hyte_menu, icon_name="group", name="hyte", order=250)


def hyte_custom_permissions():
    """The permissions the HYTE apps define in their models' ``Meta.permissions``
    (make referrals, audit the ledger, see all partners, ...): registered so that
    Wagtail's group editor shows them next to the model permissions and a site can
    give them to groups of its own, not only to the five HYTE groups."""
    from django.apps import apps
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    wanted = Q(pk__in=[])
    for config in apps.get_app_configs():
        if not config.name.startswith("wagtail_hyte."):
            continue
        for model in config.get_models():
            codenames = [codename for codename, _label in model._meta.permissions]
            if codenames:
                content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
                wanted |= Q(content_type=content_type, codename__in=codenames)
    return Permission.objects.filter(wanted)


hooks.register("register_permissions", hyte_custom_permissions)


@hooks.register("register_account_settings_panel")
def register_work_contact_panel(request, user, profile):
    from .staff import WorkContactSettingsPanel

    return WorkContactSettingsPanel(request, user, profile)
