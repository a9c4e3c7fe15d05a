from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail_hyte.core.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Create the HYTE groups (editors, professionals, partner staff, coordinators, "
        "auditors) and grant their permissions. Safe to run again after upgrades."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Remove permissions a HYTE group holds beyond its definition.",
        )

    def handle(self, *args, prune=False, **options):
        with transaction.atomic():
            report = setup_roles(prune=prune)
        for group, changes in report.items():
            parts = [f"{len(changes['added'])} added"]
            if prune:
                parts.append(f"{len(changes['removed'])} removed")
            elif changes["extra"]:
                parts.append(f"{len(changes['extra'])} extra kept (use --prune)")
            self.stdout.write(f"{group}: " + ", ".join(parts))
            # Wagtail page and collection permissions: only what was added now.
            for page in changes.get("pages", ()):
                self.stdout.write(
                    _('%(group)s: page permissions added on "%(title)s" (%(path)s): %(added)s')
                    % {
                        "group": group,
                        "title": page["title"],
                        "path": page["path"],
                        "added": ", ".join(page["added"]),
                    }
                )
            for collection in changes.get("collections", ()):
                self.stdout.write(
                    _('%(group)s: collection permissions added on "%(name)s": %(added)s')
                    % {
                        "group": group,
                        "name": collection["name"],
                        "added": ", ".join(collection["added"]),
                    }
                )
        self.stdout.write(self.style.SUCCESS("HYTE roles are set up."))
