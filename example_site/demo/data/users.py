"""One demo user per role, plus a superuser."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail_hyte.core.roles import (
    AUDITOR,
    COORDINATOR,
    EDITOR,
    GROUP_NAMES,
    PARTNER_STAFF,
    PROFESSIONAL,
)

DEMO_USERS = [
    # username, first name, last name, role (None = superuser)
    ("admin", "Ada", "Admin", None),
    ("editor", "Eeva", "Editori", EDITOR),
    ("professional", "Paula", "Ammattilainen", PROFESSIONAL),
    ("professional2", "Pekka", "Sairaanhoitaja", PROFESSIONAL),
    ("partner", "Pirjo", "Kumppani", PARTNER_STAFF),
    ("partner2", "Pentti", "Järjestö", PARTNER_STAFF),
    ("coordinator", "Kaisa", "Koordinaattori", COORDINATOR),
    ("auditor", "Aarne", "Auditoija", AUDITOR),
]


def load(context):
    User = get_user_model()
    for username, first, last, role in DEMO_USERS:
        user, _created = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@example.invalid"
        user.is_active = True
        user.is_superuser = user.is_staff = role is None
        user.set_password(context.password)
        user.save()
        if role:
            user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
        context.users[username] = (user, role)
