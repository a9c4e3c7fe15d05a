"""Issue 10 item 6: a generated URL x role access matrix.

Every URL pattern under the Wagtail admin (resolved from the URLconf, Wagtail's
generic views included) and every public page of the site is requested with GET
by every role. Path parameters are filled with the *foreign* objects (another
partner's agreement, membership, signed document, another professional's
referral). No response may contain a foreign row's canary text; forbidden,
redirect and 404 are fine, a server error is not. New URLs are covered
automatically because the patterns are walked, not listed.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.documents import get_document_model
from wagtail.models import Page

from tests.referrals.conftest import (  # noqa: F401  (fixtures)
    CLIENT_NEEDLES,
    catalogue,
    make_activity,
    make_agreement,
    notices,
    refer,
    world,
)
from wagtail_hyte.agreements.roles import agreements_collection
from wagtail_hyte.partners.models import PartnerMembership

pytestmark = pytest.mark.django_db

# Rows only coordinators, auditors, superusers (and the owners) may see.
ROW_CANARIES = ["KANARIA-SOPIMUS", "Kanariasopimuksen otsikko", "kanariavaki", "Kanariadokumentti"]
PRIVILEGED = {"coordinator", "auditor", "superuser"}

# Patterns that cannot be GET-tested, with the reason.
SKIPPED = {
    "wagtailadmin_error_test": "Wagtail's deliberate test exception (/admin/failwhale/)",
    "wagtailadmin_logout": "ends the session of the role under test",
}


def walk(resolver, prefix="", namespace=None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full_ns = ":".join(p for p in (namespace, ns) if p) or None
            yield from walk(entry, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            name = entry.name
            if namespace and name:
                name = f"{namespace}:{name}"
            yield prefix + str(entry.pattern), name


CONVERTER = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<param>[^>]+)>")


def model_for(name, objects):
    name = name or ""
    for key, obj in objects.items():
        if key in name:
            return obj
    return objects["wagtail_hyte_agreements_partneragreement"]


def fill(route, name, objects):
    """Turn a route into a concrete path, or None when it is not GET-testable."""
    route = route.lstrip("^").rstrip("$")
    if "(?P" in route or "\\" in route:
        # A few regex routes (Wagtail's serve and API); fill the common groups.
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route).replace("\\", "")
        route = re.sub(r"[\^$?]", "", route)
    target = model_for(name, objects)

    def sub(match):
        conv, param = match.group("conv"), match.group("param")
        if conv == "uuid" or param in ("subject_id", "reference", "uuid"):
            return str(getattr(target, "subject_id", None) or objects["referral"].reference)
        if param in ("app_label",):
            return "wagtail_hyte_agreements"
        if param in ("model_name",):
            return "partneragreement"
        if param == "action":
            return "activate"
        if param in ("document_filename", "filename"):
            return objects["document"].filename
        if param in ("signature",):
            return "x"
        if conv in ("int", None, "path") or param in ("pk", "id", "object_id", "instance_id"):
            return str(getattr(target, "pk", target))
        return str(getattr(target, "pk", "1"))

    return "/" + CONVERTER.sub(sub, route)


@pytest.fixture
def matrix(world, refer, make_user, make_partner, notices):  # noqa: F811
    w = world
    # The foreign objects belong to w.partner and w.professional.
    agreement = w.agreement
    agreement.reference_number = "KANARIA-SOPIMUS"
    agreement.title = "Kanariasopimuksen otsikko"
    agreement.save()
    make_user("partner_staff", partner=w.partner, username="kanariavaki")
    document = get_document_model().objects.create(
        title="Kanariadokumentti",
        collection=agreements_collection(),
        file=ContentFile(b"%PDF canary", name="kanaria.pdf"),
    )
    agreement.signed_document = document
    agreement.save()
    referral = refer()
    plain = make_user(None, username="plainadmin")
    plain.user_permissions.add(Permission.objects.get(codename="access_admin"))
    third = make_partner(name="Kolmas ry")
    roles = {
        "anonymous": None,
        "plain_admin": plain,
        "editor": w.editor,
        "professional": w.professional2,
        "other_professional": make_user("professional"),
        "partner_staff": w.other_staff,
        "other_partner_staff": make_user("partner_staff", partner=third),
        "coordinator": w.coordinator,
        "auditor": w.auditor,
        "superuser": make_user("superuser"),
    }
    membership = PartnerMembership.objects.get(user__username="kanariavaki")
    objects = {
        "referral": referral,
        "wagtail_hyte_partners_partnermembership": membership,
        "wagtail_hyte_partners_partner": w.partner,
        "wagtail_hyte_agreements_partneragreement": agreement,
        "wagtaildocs": document,
        "document": document,
    }
    return roles, objects


def test_access_matrix(client, matrix, capsys):
    roles, objects = matrix
    urls, skipped = [], []
    for route, name in walk(get_resolver()):
        if not route.startswith("admin/") and not route.startswith("documents/"):
            continue
        short = (name or "").split(":")[-1]
        if short in SKIPPED or name in SKIPPED:
            skipped.append((name, SKIPPED.get(short) or SKIPPED[name]))
            continue
        urls.append((fill(route, name, objects), name))
    urls += [(page.url, f"page:{page.pk}") for page in Page.objects.live() if page.url]
    urls = sorted(set(urls))

    failures, cells = [], 0
    for role, user in roles.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for path, name in urls:
            cells += 1
            try:
                response = client.get(path)
            except Exception as exc:  # a crash is a finding, not a test error
                failures.append(f"{role} {path} ({name}): raised {exc!r}")
                continue
            if response.status_code >= 500:
                failures.append(f"{role} {path} ({name}): {response.status_code}")
                continue
            if getattr(response, "streaming", False):
                body = b"".join(response.streaming_content).decode("utf-8", "replace")
            else:
                body = response.content.decode("utf-8", "replace")
            lowered = body.lower()
            needles = [n.lower() for n in CLIENT_NEEDLES]
            if role not in PRIVILEGED:
                needles += [n.lower() for n in ROW_CANARIES]
                if "%pdf canary" in lowered:
                    failures.append(f"{role} {path} ({name}): signed document served")
            found = [n for n in needles if n in lowered]
            if found:
                failures.append(f"{role} {path} ({name}): {found}")
            if user is not None and "_auth_user_id" not in client.session:
                client.force_login(user)
    with capsys.disabled():
        print(
            f"\naccess matrix: {cells} cells ({len(urls)} URLs x {len(roles)} roles), "
            f"{len(skipped)} patterns skipped: {skipped}, {len(failures)} failures"
        )
    assert not failures, "\n".join(failures[:200])
