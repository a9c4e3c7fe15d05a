"""Issue 10 item 6: a generated URL x role access matrix.

Every URL pattern of the example site's ROOT_URLCONF (the Wagtail admin with
Wagtail's generic views, documents, i18n, Wagtail's public views, in every
language prefix) is requested with GET by every role. Wagtail's page-serving
pattern is expanded into every live page and every RoutablePage sub-route of
those pages (e.g. ActivityIndexPage's partner profiles). Path parameters are
filled with the *foreign* objects (another partner's agreement, membership,
signed document, profile, another professional's referral). No response may
contain a foreign row's canary text and no unprivileged role may download the
signed agreement; forbidden, redirect and 404 are fine, a server error is not.
New URLs are covered automatically because the patterns are walked, not listed.

The matrix runs one role per test so that xdist spreads it over the workers.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from wagtail import VERSION as WAGTAIL_VERSION
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from tests.referrals.conftest import (  # noqa: F401  (fixtures)
    CLIENT_NEEDLES,
    notices,
    refer,
    world,
)
from wagtail_hyte.agreements.roles import agreements_collection
from wagtail_hyte.partners.models import PartnerMembership

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "plain_admin",
    "editor",
    "professional",
    "other_professional",
    "partner_staff",
    "other_partner_staff",
    "coordinator",
    "auditor",
    "superuser",
]
# Rows only coordinators, auditors, superusers (and the owners) may see.
ROW_CANARIES = ["KANARIA-SOPIMUS", "Kanariasopimuksen otsikko", "kanariavaki", "Kanariadokumentti"]
SIGNED_CONTENT = b"%PDF canary signed agreement"
PUBLIC_CONTENT = b"public control document"
PRIVILEGED = {"coordinator", "auditor", "superuser"}
# 335 URLs x 10 roles before the public patterns were walked, 363 x 10 after; it
# may grow with new URLs but never silently shrink.
MIN_CELLS = 3630

# Patterns that cannot be GET-tested, with the reason.
SKIPPED = {
    "wagtailadmin_error_test": "Wagtail's deliberate test exception (/admin/failwhale/)",
    "wagtailadmin_logout": "ends the session of the role under test",
}
if WAGTAIL_VERSION < (8, 0):
    # Wagtail 7.4 itself fails (AttributeError) on the tree root, which has no
    # parent, for every user; Wagtail 8 answers it. No HYTE code is on that path.
    SKIPPED["wagtailadmin_pages:set_page_position"] = "Wagtail 7.4 crashes on the root page"
# Wagtail's page-serving catch-all: expanded into the live pages and their sub-routes.
SERVE = "wagtail_serve"


def walk(resolver_or_patterns, prefix="", namespace=None):
    entries = getattr(resolver_or_patterns, "url_patterns", resolver_or_patterns)
    for entry in entries:
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
# Regex routes (Wagtail's document serve and the RoutablePage routes): groups as converters.
NAMED_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
UNNAMED_GROUPS = {r"(\d+)": "<int:pk>", r"(.*)": "<path:filename>", r"(.+)": "<path:filename>"}


def model_for(name, objects):
    name = name or ""
    for key, obj in objects.items():
        if key in name:
            return obj
    return objects["wagtail_hyte_agreements_partneragreement"]


def fill(route, name, objects):
    """Concrete paths for a route, one per target object (a list in ``objects``)."""
    route = route.replace("^", "").replace("$", "")
    route = NAMED_GROUP.sub(r"<\1>", route)
    for group, converter in UNNAMED_GROUPS.items():
        route = route.replace(group, converter)
    route = route.replace("\\", "")
    targets = model_for(name, objects)
    if not isinstance(targets, list):
        targets = [targets]
    return [
        "/" + CONVERTER.sub(lambda m, t=target: _value(m, t, objects), route) for target in targets
    ]


def _value(match, target, objects):
    conv, param = match.group("conv"), match.group("param")
    if conv == "uuid" or param in ("subject_id", "reference", "uuid"):
        return str(getattr(target, "subject_id", None) or objects["referral"].reference)
    if param == "app_label":
        return "wagtail_hyte_agreements"
    if param == "model_name":
        return "partneragreement"
    if param == "action":
        return "activate"
    if param in ("document_filename", "filename"):
        return getattr(target, "filename", None) or objects["document"].filename
    if param == "signature":
        return "x"
    if param == "slug":
        return getattr(target, "slug", None) or objects["wagtail_hyte_partners_partner"].slug
    if param == "measure":  # the follow-up measure pages (hyte_followup:measure, :breakdown)
        return "referrals"
    if param == "by":
        return "partner"
    if param == "restriction_id":
        return str(objects["collection_restriction"].pk)
    if param == "page_view_restriction_id":
        return str(objects["page_restriction"].pk)
    if param == "page_id":
        return str(objects["page_restriction"].page_id)
    return str(getattr(target, "pk", target))


def page_urls(objects):
    """Every live page and every RoutablePage sub-route of it (in the active language)."""
    urls = []
    for page in Page.objects.live().specific():
        base = page.url  # reversed through wagtail_serve: carries the language prefix
        if not base:
            continue
        urls.append((base, f"page:{page.pk}"))
        if isinstance(page, RoutablePageMixin):
            for route, name in walk(page.get_subpage_urls()):
                for path in fill(route, name, objects):
                    urls.append((base + path.lstrip("/"), f"page:{page.pk}:{name}"))
    return urls


def matrix_urls(objects):
    """(path, pattern name) for every GET-testable pattern, and the skipped ones."""
    urls, skipped = {}, set()
    for language, _label in settings.LANGUAGES:
        with translation.override(language):  # i18n_patterns: each language prefix
            for route, name in walk(get_resolver()):
                short = (name or "").split(":")[-1]
                if short in SKIPPED or name in SKIPPED:
                    skipped.add((name, SKIPPED.get(short) or SKIPPED[name]))
                    continue
                found = page_urls(objects) if short == SERVE else fill(route, name, objects)
                for entry in found:
                    path, label = entry if isinstance(entry, tuple) else (entry, name)
                    urls.setdefault(path, label)  # one cell per path
    return sorted(urls.items()), sorted(skipped)


@pytest.fixture
def matrix(world, refer, make_user, make_partner, notices, home_page):  # noqa: F811
    w = world
    # The foreign objects belong to w.partner and w.professional.
    agreement = w.agreement
    agreement.reference_number = "KANARIA-SOPIMUS"
    agreement.title = "Kanariasopimuksen otsikko"
    agreement.save()
    make_user("partner_staff", partner=w.partner, username="kanariavaki")
    collection = agreements_collection()
    signed = get_document_model().objects.create(
        title="Kanariadokumentti",
        collection=collection,
        file=ContentFile(SIGNED_CONTENT, name="kanaria.pdf"),
    )
    agreement.signed_document = signed
    agreement.save()
    # A control: anyone may download a document of the public root collection,
    # which proves the serve route is filled with working paths.
    public = get_document_model().objects.create(
        title="Julkinen liite",
        collection=Collection.get_first_root_node(),
        file=ContentFile(PUBLIC_CONTENT, name="julkinen.txt"),
    )
    restricted = home_page.add_child(instance=Page(title="Suojattu sivu", slug="suojattu"))
    page_restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="x-secret"
    )
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
    assert list(roles) == ROLES
    membership = PartnerMembership.objects.get(user__username="kanariavaki")
    objects = {
        "referral": referral,
        "wagtail_hyte_partners_partnermembership": membership,
        "wagtail_hyte_partners_partner": w.partner,
        "wagtail_hyte_agreements_partneragreement": agreement,
        "wagtaildocs": [signed, public],
        "document": signed,
        "collection_restriction": CollectionViewRestriction.objects.get(collection=collection),
        "page_restriction": page_restriction,
    }
    return roles, objects


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, matrix, capsys, role):
    roles, objects = matrix
    user = roles[role]
    urls, skipped = matrix_urls(objects)
    signed, public = objects["wagtaildocs"]
    assert f"/documents/{signed.pk}/{signed.filename}" in {path for path, _name in urls}
    served, profiles = set(), []

    if user is not None:
        client.force_login(user)
    failures, cells = [], 0
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
        if (name or "").endswith(":partner_profile"):
            profiles.append(response.status_code)
        raw = _body(response)
        for document, content in ((signed, SIGNED_CONTENT), (public, PUBLIC_CONTENT)):
            if content in raw:
                served.add(document.pk)
        lowered = raw.decode("utf-8", "replace").lower()
        needles = [n.lower() for n in CLIENT_NEEDLES]
        if role not in PRIVILEGED:
            needles += [n.lower() for n in ROW_CANARIES]
            if SIGNED_CONTENT in raw:
                failures.append(f"{role} {path} ({name}): signed agreement served")
        found = [n for n in needles if n in lowered]
        if found:
            failures.append(f"{role} {path} ({name}): {found}")
        if user is not None and "_auth_user_id" not in client.session:
            client.force_login(user)

    total = len(urls) * len(ROLES)
    with capsys.disabled():
        print(
            f"\naccess matrix [{role}]: {cells} cells of {total} "
            f"({len(urls)} URLs x {len(ROLES)} roles), "
            f"{len(skipped)} patterns skipped: {skipped}, {len(failures)} failures"
        )
    assert total >= MIN_CELLS
    assert not failures, "\n".join(failures[:200])
    # The document-serve route was really filled: the public control document
    # downloads for everyone, the signed agreement for the privileged roles.
    assert public.pk in served
    assert (signed.pk in served) == (role in PRIVILEGED)
    # The RoutablePage sub-routes were filled too: the foreign partner's public
    # profile (one per language prefix) is public.
    assert profiles and set(profiles) == {200}
