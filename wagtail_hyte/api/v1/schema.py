"""The OpenAPI 3 schema of the REST API v1, made by drf-spectacular, and how
views describe their errors in it.

The schema covers exactly the views under ``api/hyte/v1/`` (wherever the site
mounts them). Its settings are this module's (``schema_settings``), applied
while it is made, so a site needs no ``SPECTACULAR_SETTINGS`` (nor
drf_spectacular in ``INSTALLED_APPS``), and the site's own settings for its
own API change nothing here. Descriptions come from ``extend_schema``'s
``description``/``summary`` and fields' ``help_text`` (translatable), never
from docstrings. Choice lists stay inline where they are used
(no shared ``...Enum`` components), so two resources with a ``status`` of
their own never clash.

Views describe their errors with ``error_response``: every error body is the
``Error`` component (``errors.py``'s shape).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import get_script_prefix, include, path, reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.settings import patched_settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny

import wagtail_hyte
from wagtail_hyte.api import errors
from wagtail_hyte.api.base import PublicAPIMixin
from wagtail_hyte.api.language import request_language

URLS = "wagtail_hyte.api.v1.urls"
SCHEMA_URL_NAME = "hyte_api_v1:schema"
SCHEMA_PATH = "schema/"
TITLE = _("HYTE REST API")
DESCRIPTION = _(
    "The wellbeing activity catalogue (public, read-only) and the referral model's "
    "resources: partner agreements, referrals, recommendations, the ledger and the "
    "follow-up figures (staff: the admin session or an API token). Lists are paged "
    "with ?page= and ?page_size= (at most 100). Errors are JSON: "
    '{"error": {"code", "message", "fields"}}, with "fields" only for validation '
    "errors. Names and labels follow the Accept-Language header (fi, sv, en)."
)
CATALOGUE_TAG = "catalogue"


# --- errors ---------------------------------------------------------------------------


class FieldErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("A stable code, e.g. not_found, validation_error."))
    message = serializers.CharField(help_text=_("A translated message."))
    fields = serializers.DictField(
        child=FieldErrorSerializer(many=True),
        required=False,
        help_text=_("Validation errors only: each field's (or parameter's) errors."),
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorBodySerializer()

    class Meta:
        ref_name = "Error"


def error_response(description) -> OpenApiResponse:
    """An error response of a view, with the ``Error`` body."""
    return OpenApiResponse(response=ErrorSerializer, description=description)


NOT_FOUND = error_response(_("Not found: nothing public has this id or slug."))
PAGE_NOT_FOUND = error_response(_("No such page of the list (past the last one)."))
THROTTLED = error_response(_("Too many requests: Retry-After says when to try again."))
INVALID_PARAMETERS = error_response(_("A query parameter is not valid (see fields)."))


# --- making the schema -----------------------------------------------------------------


def v1_prefix() -> str:
    """Where the site mounts the API v1, e.g. ``api/hyte/v1/`` (no script prefix)."""
    schema_url = reverse(SCHEMA_URL_NAME)[len(get_script_prefix()) :]
    return schema_url[: -len(SCHEMA_PATH)]


def v1_patterns() -> list:
    """The API v1's URL patterns under their mount point: the schema covers these only."""
    return [path(v1_prefix(), include(URLS))]


def strip_enum_ids(result, generator, request, public):
    """drf-spectacular's marker of inline choice lists, which its enum hook
    would otherwise remove (this schema keeps choices inline)."""

    def strip(node):
        if isinstance(node, dict):
            node.pop("x-spec-enum-id", None)
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for value in node:
                strip(value)

    strip(result)
    return result


def portable_patterns(result, generator, request, public):
    """What the schema says as JSON Schema validators read it: a time of day in
    the API is local Finnish time without an offset ("10:00:00"), which
    ``format: time`` (RFC 3339) would refuse; and a slug may hold letters like
    "ä" (Wagtail's and the partners' slugs are Unicode), which ``\\w`` in an
    ECMA-262 pattern would refuse."""

    def fix(node):
        if isinstance(node, dict):
            if node.get("pattern") == r"^[-\w]+$":
                node["pattern"] = r"^[^\s/?#]+$"
            if node.get("type") == "string" and node.get("format") == "time":
                del node["format"]
                node["pattern"] = r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"
            for value in node.values():
                fix(value)
        elif isinstance(node, list):
            for value in node:
                fix(value)

    fix(result)
    return result


def _standard_errors() -> dict[str, str]:
    return {
        "400": gettext("A parameter or the body is not valid (see fields)."),
        "401": gettext("Not signed in, or the API token is not valid."),
        "403": gettext("The role may not do this, or the token lacks the scope."),
        "404": gettext("Not found, or not visible to the caller."),
        "406": gettext("The Accept header asks for a format the API does not offer."),
        "415": gettext("The body is not JSON."),
        "429": gettext("Too many requests: Retry-After says when to try again."),
    }


def standard_errors(result, generator, request, public):
    """The errors any operation can answer, in the ``Error`` shape, where the view
    did not describe them itself: 401 and 403 with a security requirement, 404
    with path parameters or pages, 400 with parameters or a body, 415 with a body, and
    406 and 429 always (``errors.exception_handler`` makes every one of them)."""
    texts = _standard_errors()
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            parameters = operation.get("parameters", [])
            wanted = {"406", "429"}
            if any(requirement for requirement in operation.get("security", [])):
                wanted |= {"401", "403"}
            if any(p.get("in") == "path" or p.get("name") == "page" for p in parameters):
                wanted.add("404")  # no such object, or a page past the last one
            if parameters or "requestBody" in operation:
                wanted.add("400")
            if "requestBody" in operation:
                wanted.add("415")
            responses = operation["responses"]
            for code in sorted(wanted - set(responses)):
                responses[code] = {"description": texts[code], "content": error}
    return result


def schema_settings() -> dict:
    """drf-spectacular's settings for this schema (they override the site's)."""
    script_prefix = get_script_prefix()
    return {
        "TITLE": TITLE,
        "DESCRIPTION": DESCRIPTION,
        "VERSION": wagtail_hyte.__version__,
        "OAS_VERSION": "3.0.3",
        "SCHEMA_PATH_PREFIX": "/" + v1_prefix().rstrip("/"),
        "SCHEMA_PATH_PREFIX_TRIM": False,
        "SCHEMA_PATH_PREFIX_INSERT": "",
        "SERVERS": [{"url": script_prefix.rstrip("/")}] if script_prefix != "/" else [],
        "TAGS": [
            {
                "name": CATALOGUE_TAG,
                "description": _(
                    "The public activity catalogue: activities with the catalogue's own "
                    "search and filters, service paths, partners and taxonomies. No "
                    "authentication; only live, public pages."
                ),
            }
        ],
        "COMPONENT_SPLIT_REQUEST": True,
        "COMPONENT_SPLIT_PATCH": True,
        "COMPONENT_NO_READ_ONLY_REQUIRED": False,
        "CAMELIZE_NAMES": False,
        "ENUM_GENERATE_CHOICE_DESCRIPTION": True,
        # Docstrings are for developers and not translated: every text a reader
        # sees comes from a translatable description or help_text.
        "DISABLE_DOCSTRING_DESCRIPTIONS": True,
        "PREPROCESSING_HOOKS": [],
        "POSTPROCESSING_HOOKS": [
            f"{__name__}.strip_enum_ids",
            f"{__name__}.portable_patterns",
            f"{__name__}.standard_errors",
        ],
        "APPEND_PATHS": {},
        "APPEND_COMPONENTS": {},
        "SECURITY": [],
        "EXTERNAL_DOCS": {},
    }


class HyteSchemaGenerator(SchemaGenerator):
    """drf-spectacular's generator. Views describe themselves with class-level
    ``@extend_schema`` only (``methods=[...]`` per method): a method-level one
    would build on the site's ``DEFAULT_SCHEMA_CLASS``, which the API must not
    need (``tests/api/test_schema.py`` checks that no view has one)."""


def generate_schema(request=None) -> dict:
    """The schema as a dict, in the active language (the documentation page's
    source). ``request``: a DRF request, or None (drf-spectacular then makes one)."""
    with patched_settings(schema_settings()):
        generator = HyteSchemaGenerator(patterns=v1_patterns())
        return generator.get_schema(request=request, public=True)


class SchemaNegotiation(DefaultContentNegotiation):
    """DRF's content negotiation with ``?format=`` always the format parameter
    (whatever the site's URL_FORMAT_OVERRIDE)."""

    class settings:  # stands in for DRF's api_settings
        URL_FORMAT_OVERRIDE = "format"


@extend_schema(exclude=True)
class SchemaView(SpectacularAPIView):
    """``schema/``: the schema as JSON (the default, or ``?format=json``) or YAML
    (``?format=yaml``, or ``Accept: application/yaml``). Its texts are in the
    request's language (``language.py``), or in ``?lang=``'s. Public, like the
    documentation."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = PublicAPIMixin.throttle_classes
    content_negotiation_class = SchemaNegotiation
    versioning_class = None
    renderer_classes = [
        OpenApiJsonRenderer2,
        OpenApiJsonRenderer,
        OpenApiYamlRenderer2,
        OpenApiYamlRenderer,
    ]
    serve_public = True
    generator_class = HyteSchemaGenerator
    schema = AutoSchema()

    def get_exception_handler(self):
        return errors.exception_handler

    @property
    def custom_settings(self):
        return schema_settings()

    @property
    def patterns(self):
        return v1_patterns()

    def get(self, request, *args, **kwargs):
        language = request.query_params.get("lang")
        if language and language not in dict(settings.LANGUAGES):
            codes = ", ".join(code for code, _name in settings.LANGUAGES)
            message = gettext("Choose one of: %(languages)s.") % {"languages": codes}
            raise ValidationError({"lang": [message]})
        with translation.override(language or request_language(request)):
            response = super().get(request, *args, **kwargs)
            response["Content-Language"] = translation.get_language()
        return response
