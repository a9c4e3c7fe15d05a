"""The OpenID Connect authentication backend (needs the ``oidc`` extra).

``HyteOIDCBackend`` is mozilla-django-oidc's backend with its settings taken
from ``WAGTAIL_HYTE["SSO"]`` (``config.py``) instead of ``OIDC_*`` Django
settings, and with the checks a site handling personal data needs:

* the ID token's signature is verified against the provider's published keys
  (RS256, keys cached and read again once for an unknown key id), and its
  ``iss`` (the configured ``ISSUER``), ``aud`` (``AUDIENCE``, default the client
  id; ``azp`` when there are several), ``exp`` and ``iat`` (with
  ``CLOCK_SKEW``), ``nonce`` and, when sent, ``at_hash``;
* the user is found by (issuer, ``sub``) in ``ExternalIdentity``, never by an
  email address: a new identity gets a new account (user name derived from a
  hash of the pair, no usable password, names and email from the claims);
* roles come from the claims at every sign-in (``claims.py``).

Only the single sign-on callback (``flow.CallbackFlowView``) signs anyone in
here: :meth:`HyteOIDCBackend.authenticate` takes no user name or password, so
Django's ``authenticate(username=..., password=...)`` skips it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from dataclasses import dataclass
from urllib.parse import quote

import jwt
import requests
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from wagtail_hyte.ledger.services import append_entry

from .. import kinds
from ..models import ExternalIdentity
from . import claims as role_claims
from .config import (
    ALGORITHMS,
    ProviderError,
    SSOConfig,
    SSOConfigError,
    get_config,
    provider_keys,
    provider_metadata,
)

logger = logging.getLogger("wagtail_hyte.accounts.sso")

USERNAME_PREFIX = "sso-"

#: What the person signing in is told (never the technical reason).
FAILED = _("Signing in with your organisation's account did not succeed. Please try again.")
UNAVAILABLE = _(
    "Your organisation's sign-in service could not be reached. Please try again in a moment."
)
NO_ACCESS = _(
    "Your organisation has not given you access to this service. Ask the person who "
    "manages your organisation's user accounts to give you a role for it."
)
CLOSED = _("Your account in this service has been closed. Ask an administrator if you need it.")


class SignInRefused(Exception):
    """A single sign-on that signs nobody in.

    ``reason`` is a short code for the log (no token, claim value or response
    body); ``message`` is the translated text shown to the person.
    """

    def __init__(self, reason: str, message=FAILED):
        self.reason = reason
        self.message = message
        super().__init__(reason)


@dataclass
class SignInResult:
    user: object
    identity: ExternalIdentity
    id_token: str
    claims: dict
    created: bool


def username_for(issuer: str, subject: str) -> str:
    """A stable user name that reveals neither the subject nor the provider."""
    digest = hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()
    return USERNAME_PREFIX + digest[:40]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class HyteOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, configured by ``WAGTAIL_HYTE["SSO"]``."""

    def __init__(self, *args, **kwargs):
        # mozilla's __init__ reads OIDC_* Django settings; ours are read per sign-in.
        ModelBackend.__init__(self, *args, **kwargs)
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()
        self.config: SSOConfig | None = None
        self.metadata: dict = {}

    def get_settings(self, attr, *args):
        """mozilla's settings, answered from ``WAGTAIL_HYTE["SSO"]``."""
        config = self.config
        values = {
            "OIDC_VERIFY_SSL": config.verify_tls if config else True,
            "OIDC_TIMEOUT": config.timeout if config else None,
            "OIDC_PROXY": None,
            "OIDC_RP_SCOPES": " ".join(config.scopes) if config else "openid",
            "OIDC_USE_NONCE": True,
            "OIDC_STORE_ACCESS_TOKEN": False,
            "OIDC_STORE_ID_TOKEN": False,
            "OIDC_CREATE_USER": True,
            "OIDC_ALLOW_UNSECURED_JWT": False,
            "OIDC_VERIFY_KID": True,
        }
        if attr in values:
            return values[attr]
        if args:
            return args[0]
        raise SSOConfigError([("invalid", f"{attr} has no single sign-on equivalent")])

    # Sessions -------------------------------------------------------------------

    def get_user(self, user_id):
        """The session's user: active, and only while single sign-on is on (turning
        it off ends the sessions it signed in)."""
        try:
            if get_config() is None:
                return None
        except SSOConfigError:
            return None
        return ModelBackend.get_user(self, user_id)

    def authenticate(self, request, *, sso_code=None, sso_nonce=None, sso_code_verifier=None):
        """Sign in from an authorisation code; ``None`` when refused (see :meth:`sign_in`)."""
        if request is None or not sso_code:
            return None
        try:
            return self.sign_in(
                request, code=sso_code, nonce=sso_nonce, code_verifier=sso_code_verifier
            ).user
        except SignInRefused as refused:
            logger.warning("single sign-on refused: %s", refused.reason)
            return None

    # The flow -------------------------------------------------------------------

    def sign_in(self, request, *, code: str, nonce: str | None, code_verifier: str | None):
        """Exchange ``code`` for tokens, verify them and find or create the user.

        Returns a :class:`SignInResult`; raises :class:`SignInRefused`.
        """
        try:
            self.config = get_config()
        except SSOConfigError as exc:
            raise SignInRefused("config_invalid", UNAVAILABLE) from exc
        if self.config is None:
            raise SignInRefused("sso_off", UNAVAILABLE)
        if not nonce or not code_verifier:
            raise SignInRefused("state_incomplete")
        try:
            self.metadata = provider_metadata(self.config)
        except ProviderError as exc:
            raise SignInRefused(exc.reason, UNAVAILABLE) from exc
        self.request = request
        token_info = self.get_token(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": request.build_absolute_uri(
                    reverse("wagtail_hyte_accounts:sso_callback")
                ),
                "code_verifier": code_verifier,
            }
        )
        id_token = token_info.get("id_token")
        access_token = token_info.get("access_token")
        if not isinstance(id_token, str) or not id_token:
            raise SignInRefused("token_no_id_token")
        if access_token is not None and not isinstance(access_token, str):
            raise SignInRefused("token_bad_access_token")
        payload = self.verify_token(id_token, nonce=nonce, access_token=access_token)
        return self.find_user(access_token, id_token, payload)

    def get_token(self, payload):
        """POST to the token endpoint; client authentication by ``client_secret_post``
        when the provider supports it, else ``client_secret_basic`` (RFC 6749 2.3.1)."""
        config = self.config
        data = dict(payload)
        auth = None
        methods = self.metadata.get("token_endpoint_auth_methods_supported") or [
            "client_secret_basic"
        ]
        if "client_secret_post" in methods:
            data.update(client_id=config.client_id, client_secret=config.client_secret)
        else:
            auth = (quote(config.client_id, safe=""), quote(config.client_secret, safe=""))
            data["client_id"] = config.client_id
        try:
            response = requests.post(
                self.metadata["token_endpoint"],
                data=data,
                auth=auth,
                headers={"Accept": "application/json"},
                verify=config.verify_tls,
                timeout=config.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise SignInRefused("token_unreachable", UNAVAILABLE) from exc
        self.raise_token_response_error(response)
        try:
            token_info = response.json()
        except ValueError as exc:
            raise SignInRefused("token_not_json") from exc
        if not isinstance(token_info, dict):
            raise SignInRefused("token_not_json")
        return token_info

    def raise_token_response_error(self, response):
        """Refuse a failed token response without keeping its body (it may echo secrets)."""
        if response.status_code == 200:
            return
        error = ""
        try:
            body = response.json()
            if isinstance(body, dict) and isinstance(body.get("error"), str):
                error = body["error"]
        except ValueError:
            pass
        reason = f"token_{error}" if error.isidentifier() and len(error) <= 40 else "token_error"
        raise SignInRefused(f"{reason}_{response.status_code}")

    # The ID token ---------------------------------------------------------------

    def retrieve_matching_jwk(self, token):
        """The provider's key that signed ``token`` (by ``kid``; the keys are read
        again once when the id is unknown: the provider has rotated them)."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise SignInRefused("id_token_malformed") from exc
        alg = header.get("alg")
        if alg not in ALGORITHMS:
            raise SignInRefused("id_token_algorithm")
        kid = header.get("kid")
        jwks_uri = self.metadata["jwks_uri"]
        for refresh in (False, True):
            try:
                keys = provider_keys(self.config, jwks_uri, refresh=refresh)["keys"]
            except ProviderError as exc:
                raise SignInRefused(exc.reason, UNAVAILABLE) from exc
            candidates = [
                key
                for key in keys
                if isinstance(key, dict)
                and key.get("kty") == "RSA"
                and key.get("use", "sig") == "sig"
                and key.get("alg", alg) == alg
            ]
            if kid is not None:
                candidates = [key for key in candidates if key.get("kid") == kid]
            if len(candidates) == 1:
                try:
                    return jwt.PyJWK(candidates[0], algorithm=alg)
                except jwt.PyJWTError as exc:
                    raise SignInRefused("jwks_bad_key") from exc
            if len(candidates) > 1:
                # Several keys and no key id to choose by.
                raise SignInRefused("id_token_key_ambiguous")
        raise SignInRefused("id_token_key_unknown")

    def verify_token(self, token, **kwargs):
        """The verified claims of the ID token ``token``; raises :class:`SignInRefused`.

        ``nonce`` (required) must match; ``access_token`` is checked against
        ``at_hash`` when the token has one.
        """
        config = self.config
        nonce = kwargs.get("nonce")
        key = self.retrieve_matching_jwk(token)
        try:
            payload = jwt.decode(
                token,
                key=key,
                algorithms=list(ALGORITHMS),
                audience=config.audience,
                issuer=config.issuer,
                leeway=config.clock_skew,
                options={
                    "require": ["iss", "sub", "aud", "exp", "iat"],
                    "verify_signature": True,
                    "verify_exp": True,
                    "verify_iat": True,
                    "verify_aud": True,
                    "verify_iss": True,
                },
            )
        except jwt.ExpiredSignatureError as exc:
            raise SignInRefused("id_token_expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise SignInRefused("id_token_audience") from exc
        except jwt.InvalidIssuerError as exc:
            raise SignInRefused("id_token_issuer") from exc
        except jwt.ImmatureSignatureError as exc:
            raise SignInRefused("id_token_not_yet_valid") from exc
        except jwt.MissingRequiredClaimError as exc:
            raise SignInRefused("id_token_claim_missing") from exc
        except jwt.InvalidSignatureError as exc:
            raise SignInRefused("id_token_signature") from exc
        except jwt.PyJWTError as exc:
            raise SignInRefused("id_token_invalid") from exc

        subject = payload.get("sub")
        if not isinstance(subject, str) or not subject or len(subject) > 255:
            raise SignInRefused("id_token_subject")
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        azp = payload.get("azp")
        if (len(audiences) > 1 or azp is not None) and azp != config.client_id:
            raise SignInRefused("id_token_azp")
        token_nonce = payload.get("nonce")
        if not (
            isinstance(nonce, str)
            and isinstance(token_nonce, str)
            and hmac.compare_digest(nonce.encode(), token_nonce.encode())
        ):
            raise SignInRefused("id_token_nonce")
        auth_time = payload.get("auth_time")
        if auth_time is not None and (
            isinstance(auth_time, bool) or not isinstance(auth_time, (int, float))
        ):
            raise SignInRefused("id_token_auth_time")
        at_hash = payload.get("at_hash")
        if at_hash is not None and isinstance(kwargs.get("access_token"), str):
            digest = hashlib.sha256(kwargs["access_token"].encode("ascii")).digest()
            if not hmac.compare_digest(_b64url(digest[: len(digest) // 2]), str(at_hash)):
                raise SignInRefused("id_token_at_hash")
        return payload

    # Claims and the user --------------------------------------------------------

    def get_userinfo(self, access_token, id_token, payload):
        """The userinfo response (``{}`` when the provider has no userinfo endpoint).

        Its ``sub`` must be the ID token's (OpenID Connect Core 5.3.2).
        """
        endpoint = self.metadata.get("userinfo_endpoint")
        if not endpoint or not access_token:
            return {}
        try:
            response = requests.get(
                endpoint,
                headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
                verify=self.config.verify_tls,
                timeout=self.config.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise SignInRefused("userinfo_unreachable", UNAVAILABLE) from exc
        if response.status_code != 200:
            raise SignInRefused(f"userinfo_status_{response.status_code}")
        if response.headers.get("content-type", "").lower().startswith("application/jwt"):
            # A signed userinfo response: the provider's signature, issuer and audience.
            key = self.retrieve_matching_jwk(response.text)
            try:
                userinfo = jwt.decode(
                    response.text,
                    key=key,
                    algorithms=list(ALGORITHMS),
                    audience=self.config.audience,
                    issuer=self.config.issuer,
                    leeway=self.config.clock_skew,
                )
            except jwt.PyJWTError as exc:
                raise SignInRefused("userinfo_invalid") from exc
        else:
            try:
                userinfo = response.json()
            except ValueError as exc:
                raise SignInRefused("userinfo_not_json") from exc
        if not isinstance(userinfo, dict) or userinfo.get("sub") != payload["sub"]:
            raise SignInRefused("userinfo_subject")
        return userinfo

    def verify_claims(self, claims):
        return isinstance(claims.get("sub"), str) and bool(claims["sub"])

    def filter_users_by_claims(self, claims):
        """Users are found by (issuer, subject) only: see :meth:`find_user`."""
        return self.UserModel.objects.filter(
            hyte_external_identities__issuer=self.config.issuer,
            hyte_external_identities__subject=claims.get("sub") or "",
        )

    def get_username(self, claims):
        return username_for(self.config.issuer, claims["sub"])

    def user_fields(self, claims) -> dict:
        """First and last name and email from the claims (an email the provider
        says it has not verified is not used)."""
        first = claims.get("given_name")
        last = claims.get("family_name")
        if not isinstance(first, str) and not isinstance(last, str):
            name = claims.get("name")
            if isinstance(name, str) and name.strip():
                first, _sep, last = name.strip().rpartition(" ")
                if not first:
                    first, last = last, ""
        fields = {
            "first_name": (first if isinstance(first, str) else "").strip(),
            "last_name": (last if isinstance(last, str) else "").strip(),
            "email": "",
        }
        email = claims.get("email")
        if isinstance(email, str) and claims.get("email_verified") is not False:
            try:
                validate_email(email)
                fields["email"] = email
            except ValidationError:
                pass
        for name in fields:
            max_length = self.UserModel._meta.get_field(name).max_length
            fields[name] = fields[name][:max_length]
        return fields

    def create_user(self, claims):
        user = self.UserModel(username=self.get_username(claims), **self.user_fields(claims))
        # Wagtail's password change and reset leave users without a usable password alone.
        user.set_unusable_password()
        user.save()
        return user

    def update_user(self, user, claims):
        fields = self.user_fields(claims)
        changed = [name for name, value in fields.items() if getattr(user, name) != value]
        for name in changed:
            setattr(user, name, fields[name])
        if changed:
            user.save(update_fields=changed)
        return user

    def get_or_create_user(self, access_token, id_token, payload):
        return self.find_user(access_token, id_token, payload).user

    def find_user(self, access_token, id_token, payload) -> SignInResult:
        """The user of the identity (issuer, ``sub``), created on first sign-in,
        with names, email and roles from the claims. Raises :class:`SignInRefused`."""
        config = self.config
        userinfo = self.get_userinfo(access_token, id_token, payload)
        # The signed ID token's claims win over the userinfo response's.
        claims = {**userinfo, **payload}
        if not self.verify_claims(claims):
            raise SignInRefused("claims_invalid")
        subject = payload["sub"]
        roles = role_claims.roles_from_claims(config, claims)
        created = False
        try:
            with transaction.atomic():
                identity = (
                    ExternalIdentity.objects.select_for_update()
                    .select_related("user")
                    .filter(issuer=config.issuer, subject=subject)
                    .first()
                )
                if identity is None:
                    if config.require_role and not roles:
                        raise SignInRefused("no_role", NO_ACCESS)
                    identity = self._create_identity(claims, subject)
                    created = identity is not None and identity._hyte_created
                    if identity is None:
                        raise SignInRefused("username_taken")
                user = identity.user
                if not user.is_active:
                    raise SignInRefused("inactive", CLOSED)
                self.update_user(user, claims)
                role_claims.apply_roles(user, roles, identity=identity)
                if config.require_role and not roles:
                    # The roles the provider took away stay taken away (committed),
                    # and nobody is signed in.
                    refused = SignInRefused("no_role", NO_ACCESS)
                else:
                    refused = None
                    identity.last_login_at = timezone.now()
                    identity.save(update_fields=["last_login_at"])
        except role_claims.RolesNotSetUp as exc:
            logger.error("single sign-on: the HYTE groups do not exist (run hyte_setup_roles)")
            raise SignInRefused("roles_not_set_up", UNAVAILABLE) from exc
        if refused is not None:
            raise refused
        return SignInResult(
            user=user, identity=identity, id_token=id_token, claims=claims, created=created
        )

    def _create_identity(self, claims, subject):
        """A new user and their identity, ledgered; ``None`` if the user name is
        taken by an account that is not this identity's. Another sign-in of the
        same identity racing this one wins: its identity is returned."""
        try:
            with transaction.atomic():
                user = self.create_user(claims)
                identity = ExternalIdentity.objects.create(
                    user=user, issuer=self.config.issuer, subject=subject
                )
                append_entry(
                    kinds.SSO_USER_CREATED,
                    role_claims.ACTOR,
                    payload={"user": f"user:{user.pk}", "identity": str(identity.pk)},
                )
            identity._hyte_created = True
            return identity
        except IntegrityError:
            identity = (
                ExternalIdentity.objects.select_for_update()
                .select_related("user")
                .filter(issuer=self.config.issuer, subject=subject)
                .first()
            )
            if identity is not None:
                identity._hyte_created = False
            return identity
