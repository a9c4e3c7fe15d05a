"""``docs/``: the API v1's documentation as a plain HTML page made from its
OpenAPI schema on the server (``schema.generate_schema``).

No script, no outside network, nothing but the site's own base template: the
endpoints grouped by tag, with their methods, parameters, request bodies,
responses and authentication, then the authentication schemes and the data
types, and links to the raw schema. Headings, lists and tables only, so it
reads with a screen reader and the keyboard as any page of the site
(WCAG 2.1 AA). Texts are in the request's language (its language cookie or
``Accept-Language``, ``language.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from wagtail_hyte.activities.extensions import base_template
from wagtail_hyte.api.language import request_language

from .schema import SCHEMA_URL_NAME, generate_schema

METHODS = ("get", "post", "put", "patch", "delete")
# The page is public and making the schema takes a moment: it is made at most
# once a minute per language (Django's default cache).
CACHE_SECONDS = 60
REF = "#/components/schemas/"


@dataclass
class Parameter:
    name: str
    location: str
    required: bool
    type: str
    description: str


@dataclass
class Body:
    media_type: str
    type: str
    ref: str = ""


@dataclass
class Reply:
    status: str
    description: str
    bodies: list[Body] = field(default_factory=list)


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    security: list[str]
    parameters: list[Parameter]
    request_bodies: list[Body]
    replies: list[Reply]


@dataclass
class Group:
    name: str
    description: str
    anchor: str
    operations: list[Operation] = field(default_factory=list)


@dataclass
class Property:
    name: str
    type: str
    required: bool
    description: str
    ref: str = ""


@dataclass
class DataType:
    name: str
    anchor: str
    description: str
    properties: list[Property]


@dataclass
class Scheme:
    name: str
    kind: str
    description: str


def ref_name(schema: dict) -> str:
    """The component a schema refers to (directly or as its only ``allOf``), or ""."""
    ref = schema.get("$ref", "")
    if not ref and len(schema.get("allOf", ())) == 1:
        ref = schema["allOf"][0].get("$ref", "")
    return ref[len(REF) :] if ref.startswith(REF) else ""


LARGEST_SHOWN = 2**31  # a maximum from the database column's size says nothing to a reader


def _constraints(schema: dict) -> list[str]:
    found = []
    if schema.get("maximum", 0) >= LARGEST_SHOWN:
        schema = {key: value for key, value in schema.items() if key != "maximum"}
    if "minimum" in schema and "maximum" in schema:
        found.append(_("%(low)s–%(high)s") % {"low": schema["minimum"], "high": schema["maximum"]})
    elif "minimum" in schema:
        found.append(_("at least %(low)s") % {"low": schema["minimum"]})
    elif "maximum" in schema:
        found.append(_("at most %(high)s") % {"high": schema["maximum"]})
    if "maxLength" in schema:
        found.append(_("at most %(count)s characters") % {"count": schema["maxLength"]})
    if "pattern" in schema:
        found.append(_("matching %(pattern)s") % {"pattern": schema["pattern"]})
    return found


def type_text(schema: dict | None) -> str:
    """A schema in words: ``string (date)``, ``array of Activity``, ``one of: a, b``."""
    if not schema:
        return _("any value")
    name = ref_name(schema)
    if name:
        text = name
    elif "enum" in schema:
        values = ", ".join(str(v) for v in schema["enum"] if v not in ("", None))
        text = _("one of: %(values)s") % {"values": values}
    elif schema.get("type") == "array":
        text = _("array of %(type)s") % {"type": type_text(schema.get("items"))}
    elif "oneOf" in schema or "anyOf" in schema:
        options = schema.get("oneOf") or schema.get("anyOf")
        text = _("one of: %(values)s") % {"values": ", ".join(type_text(o) for o in options)}
    elif schema.get("type") == "object" and "additionalProperties" in schema:
        inner = schema["additionalProperties"]
        text = _("object of %(type)s") % {
            "type": type_text(inner if isinstance(inner, dict) else None)
        }
    else:
        text = schema.get("type") or _("any value")
        if schema.get("format"):
            text = f"{text} ({schema['format']})"
        text = ", ".join([text, *_constraints(schema)])
    if schema.get("nullable"):
        text = _("%(type)s or null") % {"type": text}
    return text


def _bodies(content: dict) -> list[Body]:
    return [
        Body(media_type, type_text(item.get("schema")), ref_name(item.get("schema") or {}))
        for media_type, item in (content or {}).items()
    ]


def _security(operation: dict) -> list[str]:
    names = []
    for requirement in operation.get("security") or ():
        names.extend(name for name in requirement if name not in names)
    return names


def _operation(path: str, method: str, operation: dict) -> Operation:
    return Operation(
        method=method.upper(),
        path=path,
        anchor="op-" + operation.get("operationId", f"{method}-{path}"),
        summary=operation.get("summary", ""),
        description=operation.get("description", ""),
        security=_security(operation),
        parameters=[
            Parameter(
                name=p["name"],
                location=p.get("in", ""),
                required=bool(p.get("required")),
                type=type_text(p.get("schema")),
                description=p.get("description", ""),
            )
            for p in operation.get("parameters", ())
        ],
        request_bodies=_bodies((operation.get("requestBody") or {}).get("content")),
        replies=[
            Reply(str(status), reply.get("description", ""), _bodies(reply.get("content")))
            for status, reply in sorted(operation.get("responses", {}).items())
        ],
    )


def groups(schema: dict) -> list[Group]:
    """The operations by tag, tags in the schema's order (then by name)."""
    described = {tag["name"]: tag.get("description", "") for tag in schema.get("tags", ())}
    by_tag: dict[str, Group] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            name = (operation.get("tags") or [_("other")])[0]
            group = by_tag.setdefault(
                name, Group(name, described.get(name, ""), f"tag-{len(by_tag) + 1}")
            )
            group.operations.append(_operation(path, method, operation))
    order = list(described)
    return sorted(
        by_tag.values(),
        key=lambda g: (order.index(g.name) if g.name in order else len(order), g.name),
    )


def data_types(schema: dict) -> list[DataType]:
    found = []
    for name, component in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(component.get("required", ()))
        found.append(
            DataType(
                name=name,
                anchor=f"schema-{name}",
                description=component.get("description", ""),
                properties=[
                    Property(
                        name=prop_name,
                        type=type_text(prop),
                        required=prop_name in required,
                        description=prop.get("description", ""),
                        ref=ref_name(prop) or ref_name(prop.get("items") or {}),
                    )
                    for prop_name, prop in component.get("properties", {}).items()
                ],
            )
        )
    return found


def schemes(schema: dict) -> list[Scheme]:
    found = []
    for name, scheme in schema.get("components", {}).get("securitySchemes", {}).items():
        if scheme.get("type") == "apiKey":
            kind = _("API key: %(name)s (%(where)s)") % {
                "name": scheme.get("name", ""),
                "where": scheme.get("in", ""),
            }
        elif scheme.get("type") == "http":
            kind = _("HTTP %(scheme)s") % {"scheme": scheme.get("scheme", "")}
        else:
            kind = scheme.get("type", "")
        found.append(Scheme(name, kind, scheme.get("description", "")))
    return found


def cached_schema() -> dict:
    """``generate_schema()`` in the active language, kept for ``CACHE_SECONDS``."""
    key = f"hyte:api-v1-docs-schema:{get_language()}"
    schema = cache.get(key)
    if schema is None:
        schema = generate_schema()
        cache.set(key, schema, CACHE_SECONDS)
    return schema


class DocsView(TemplateView):
    """The documentation page (public, like the schema it is made from)."""

    template_name = "wagtail_hyte_api/docs/index.html"
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        """Made and rendered in the request's language (``language.py``)."""
        language = request_language(request)
        with translation.override(language):
            response = super().get(request, *args, **kwargs)
            response.render()
        response["Content-Language"] = language
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        schema = cached_schema()
        schema_url = reverse(SCHEMA_URL_NAME)
        context.update(
            hyte_base_template=base_template(),
            info=schema.get("info", {}),
            openapi_version=schema.get("openapi", ""),
            groups=groups(schema),
            schemes=schemes(schema),
            data_types=data_types(schema),
            json_url=f"{schema_url}?format=json",
            yaml_url=f"{schema_url}?format=yaml",
        )
        return context
