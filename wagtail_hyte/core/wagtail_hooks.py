"""One "HYTE" menu group in the Wagtail admin.

Every HYTE app adds its admin views to it with the ``register_hyte_menu_item``
hook (a viewset sets ``menu_hook = "register_hyte_menu_item"``). The group is
shown only when the user may see at least one of its items.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from .conf import hyte_settings

MENU_HOOK = "register_hyte_menu_item"

hyte_menu = Menu(register_hook_name=MENU_HOOK, construct_hook_name="construct_hyte_menu")


@hooks.register("register_admin_menu_item")
def register_hyte_menu():
    label = hyte_settings.ADMIN_MENU_LABEL or _("HYTE")
    return SubmenuMenuItem(label, hyte_menu, icon_name="group", name="hyte", order=250)
