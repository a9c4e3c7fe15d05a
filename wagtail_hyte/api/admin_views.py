"""HYTE → API tokens: coordinators create and revoke the integrations' tokens,
auditors read the list. The rules are in ``tokens.py``; these are the screens.

The list, the form, the page that shows a new token's secret (once: it is the
response to the form, never stored, never cached) and the revoke confirmation.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.widgets.button import HeaderButton

from wagtail_hyte.core.adminviews import HyteAccessMixin, HyteAdminMixin
from wagtail_hyte.core.forms import add_service_errors
from wagtail_hyte.core.paginator import CountLabelPaginator
from wagtail_hyte.core.people import person_name
from wagtail_hyte.core.sensitive import SensitiveDataMixin

from . import tokens
from .forms import ApiTokenForm
from .models import ApiToken, TokenStatus
from .roles import MANAGE_TOKENS, VIEW_TOKENS

#: Session key of the ids of the token forms shown and not yet sent.
FORM_IDS_KEY = "_hyte_api_token_forms"
MAX_OPEN_FORMS = 10


def can_view_tokens(user) -> bool:
    return user.has_perm(VIEW_TOKENS) or user.has_perm(MANAGE_TOKENS)


def can_manage_tokens(user) -> bool:
    return TokenCreateView.user_has_access(user)


def _issue_form_id(session) -> str:
    form_id = secrets.token_urlsafe(16)
    session[FORM_IDS_KEY] = [*session.get(FORM_IDS_KEY, [])[-(MAX_OPEN_FORMS - 1) :], form_id]
    return form_id


def _form_id_open(session, form_id) -> bool:
    return bool(form_id) and form_id in session.get(FORM_IDS_KEY, [])


def _close_form_id(session, form_id) -> None:
    session[FORM_IDS_KEY] = [i for i in session.get(FORM_IDS_KEY, []) if i != form_id]


def _list_crumb() -> dict:
    return {"url": reverse("hyte_api_tokens:index"), "label": gettext_lazy("API tokens")}


class TimeColumn(Column):
    """An absolute local time in ``<time>``; ``empty`` when there is none."""

    cell_template_name = "wagtail_hyte/api/cells/time.html"

    def __init__(self, name, *, empty="", **kwargs):
        self.empty = empty
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        return {**super().get_cell_context_data(instance, parent_context), "empty": self.empty}


class ScopesColumn(Column):
    cell_template_name = "wagtail_hyte/api/cells/scopes.html"

    def get_value(self, instance):
        return instance.scope_labels()


class PrefixColumn(Column):
    cell_template_name = "wagtail_hyte/api/cells/code.html"

    def get_value(self, instance):
        return instance.display_prefix


class RevokeColumn(Column):
    """A "Revoke" link on each token still in use, for those who may revoke."""

    cell_template_name = "wagtail_hyte/api/cells/revoke.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        if request is not None and instance.revoked_at is None and can_manage_tokens(request.user):
            context["revoke_url"] = reverse("hyte_api_tokens:revoke", args=[instance.pk])
        return context


class TokenIndexView(HyteAccessMixin, BaseListingView):
    """Every API token, newest first: its client system, whom it acts as, its
    scopes, how it begins, when it expires, when it was last used, its status."""

    access_test = staticmethod(can_view_tokens)
    model = ApiToken
    page_title = gettext_lazy("API tokens")
    header_icon = "key"
    paginate_by = 50
    paginator_class = CountLabelPaginator
    default_ordering = "-created_at"
    index_url_name = "hyte_api_tokens:index"
    index_results_url_name = "hyte_api_tokens:index_results"
    verbose_name = gettext_lazy("API token")
    verbose_name_plural = gettext_lazy("API tokens")
    columns = [
        Column("name", label=gettext_lazy("Client system"), sort_key="name"),
        Column("user", label=gettext_lazy("Acts as"), accessor=lambda t: person_name(t.user)),
        ScopesColumn("scopes", label=gettext_lazy("Scopes")),
        PrefixColumn("prefix", label=gettext_lazy("Token begins")),
        TimeColumn("created_at", label=gettext_lazy("Created"), sort_key="created_at"),
        TimeColumn("expires_at", label=gettext_lazy("Expires"), sort_key="expires_at"),
        TimeColumn(
            "last_used_at",
            label=gettext_lazy("Last used"),
            sort_key="last_used_at",
            empty=gettext_lazy("Never"),
        ),
        StatusTagColumn(
            "status",
            label=gettext_lazy("Status"),
            accessor=lambda t: t.get_status_display(),
            primary=lambda t: t.status() == TokenStatus.ACTIVE,
        ),
        RevokeColumn("actions", label=gettext_lazy("Actions")),
    ]

    def get_base_queryset(self):
        return ApiToken.objects.select_related("user")

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        tiebreak = "-pk" if str(self.ordering or "").startswith("-") else "pk"
        return queryset.order_by(*queryset.query.order_by, tiebreak)  # stable pages

    @cached_property
    def header_buttons(self):
        if not can_manage_tokens(self.request.user):
            return []
        return [
            HeaderButton(_("New API token"), url=reverse("hyte_api_tokens:add"), icon_name="plus")
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["no_results_message"] = _("No API tokens have been created.")
        return context


class TokenCreateView(SensitiveDataMixin, HyteAdminMixin, FormView):
    """The form; its valid POST answers with the new token's secret.

    The secret page is this response and nothing else: the secret is not put
    in the session or a URL, the page is not cached, and a reload that sends
    the form again is recognised by the form's one-time id and makes no
    second token.
    """

    permission_required = MANAGE_TOKENS
    form_class = ApiTokenForm
    template_name = "wagtail_hyte/api/token_form.html"
    created_template_name = "wagtail_hyte/api/token_created.html"
    page_title = gettext_lazy("New API token")
    header_icon = "key"
    created = None

    def get_page_title(self):
        return _("API token created") if self.created else super().get_page_title()

    def get_parent_breadcrumbs_items(self):
        return [_list_crumb()]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "created_by": self.request.user}

    def get_initial(self):
        if self.request.method == "GET":
            return {"form_id": _issue_form_id(self.request.session)}
        return {}

    def post(self, request, *args, **kwargs):
        if not _form_id_open(request.session, request.POST.get("form_id")):
            messages.warning(
                request,
                _(
                    "This form had already been sent, so no second token was made. "
                    "A token's secret is shown only once: if it was not copied, revoke "
                    "the token and create a new one."
                ),
            )
            return redirect("hyte_api_tokens:index")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.created = tokens.create_token(
                name=data["name"],
                user=data["user"],
                scopes=data["scopes"],
                expires_on=data["expires_on"],
                created_by=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        _close_form_id(self.request.session, data["form_id"])
        context = self.get_context_data(
            form=form,
            token=self.created.token,
            secret=self.created.secret,
            acts_as=person_name(self.created.token.user),
        )
        response = TemplateResponse(self.request, self.created_template_name, context)
        add_never_cache_headers(response)
        return response


class TokenRevokeView(HyteAdminMixin, TemplateView):
    """GET asks for confirmation and changes nothing; POST revokes the token."""

    permission_required = MANAGE_TOKENS
    template_name = "wagtail_hyte/api/token_revoke.html"
    page_title = gettext_lazy("Revoke API token")
    header_icon = "key"

    @cached_property
    def token(self):
        # Loaded after the access check (dispatch), so nobody else learns which ids exist.
        return get_object_or_404(ApiToken.objects.select_related("user"), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.token.name

    def get_parent_breadcrumbs_items(self):
        return [_list_crumb()]

    def get(self, request, *args, **kwargs):
        if self.token.revoked_at is not None:
            messages.error(request, _("This token has already been revoked."))
            return redirect("hyte_api_tokens:index")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "token": self.token,
            "acts_as": person_name(self.token.user),
            "cancel_url": reverse("hyte_api_tokens:index"),
        }

    def post(self, request, *args, **kwargs):
        try:
            tokens.revoke_token(self.token, revoked_by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("API token “%(name)s” revoked: it no longer works.") % {"name": self.token.name},
            )
        return redirect("hyte_api_tokens:index")
