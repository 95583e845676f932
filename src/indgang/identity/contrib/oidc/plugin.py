"""MitID login through OpenID Connect (NemLog-in or an OIDC broker).

Authorisation code flow with PKCE (S256), state and nonce; the ID token is
checked against the provider's published keys, issuer, audience, expiry and
nonce. Issuer, client id and secret come from the environment.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indgang.identity.base import LoginFailed, RedirectingIdentityPlugin
from indgang.identity.citizen import CitizenIdentity
from indgang.identity.registry import register

SESSION_KEY = "indgang_oidc"
TIMEOUT_SECONDS = 10


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(64)
    challenge = _b64url(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge


def discovery() -> dict[str, Any]:
    url = settings.OIDC_ISSUER.rstrip("/") + "/.well-known/openid-configuration"
    cached: dict[str, Any] | None = cache.get(url)
    if cached is None:
        try:
            response = requests.get(url, timeout=TIMEOUT_SECONDS)
            response.raise_for_status()
        except requests.RequestException as exc:
            raise LoginFailed(_("MitID cannot be reached right now. Try again shortly.")) from exc
        cached = response.json()
        cache.set(url, cached, 3600)
    return cached


@register.register("oidc")
class OIDCPlugin(RedirectingIdentityPlugin):
    identifier = "oidc"
    label = gettext_lazy("MitID")

    def is_enabled(self) -> bool:
        return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)

    def check_config(self) -> list[str]:
        missing = [
            name
            for name in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
            if not getattr(settings, name)
        ]
        return [f"{name} is not set" for name in missing]

    def redirect_uri(self, request: HttpRequest) -> str:
        return request.build_absolute_uri(reverse("identity:oidc-callback"))

    def start(self, request: HttpRequest, next_url: str) -> HttpResponse:
        config = discovery()
        verifier, challenge = pkce_pair()
        state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = {
            "state": state,
            "nonce": nonce,
            "verifier": verifier,
            "next": next_url,
        }
        query = urlencode(
            {
                "response_type": "code",
                "client_id": settings.OIDC_CLIENT_ID,
                "redirect_uri": self.redirect_uri(request),
                "scope": settings.OIDC_SCOPES,
                "state": state,
                "nonce": nonce,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            }
        )
        return HttpResponseRedirect(f"{config['authorization_endpoint']}?{query}")

    def complete(self, request: HttpRequest) -> tuple[CitizenIdentity, str]:
        pending = request.session.pop(SESSION_KEY, None)
        if request.GET.get("error"):
            raise LoginFailed(_("The login was cancelled or refused by MitID."))
        if not pending or not secrets.compare_digest(
            request.GET.get("state", ""), pending["state"]
        ):
            raise LoginFailed(_("The login has expired. Start again."))
        code = request.GET.get("code")
        if not code:
            raise LoginFailed(_("MitID did not return a login code. Start again."))
        config = discovery()
        try:
            response = requests.post(
                config["token_endpoint"],
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": self.redirect_uri(request),
                    "code_verifier": pending["verifier"],
                },
                auth=(settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET),
                timeout=TIMEOUT_SECONDS,
            )
            response.raise_for_status()
            tokens = response.json()
        except requests.RequestException as exc:
            raise LoginFailed(_("MitID could not confirm the login. Try again.")) from exc
        claims = self.verify_id_token(tokens.get("id_token", ""), config, pending["nonce"])
        cpr = str(claims.get(settings.OIDC_CPR_CLAIM, "")).replace("-", "")
        if len(cpr) != 10 or not cpr.isdigit():
            raise LoginFailed(_("MitID did not give us your CPR number, so we cannot log you in."))
        return (
            CitizenIdentity(
                cpr=cpr,
                name=str(claims.get(settings.OIDC_NAME_CLAIM, "")),
                idp=self.identifier,
                level_of_assurance=str(claims.get("loa", claims.get("acr", "substantial"))),
                cvr=str(claims.get(settings.OIDC_CVR_CLAIM, "") or ""),
                business_name=str(claims.get("dk.cvr.name", "") or ""),
            ),
            pending.get("next") or "/",
        )

    def verify_id_token(self, token: str, config: dict[str, Any], nonce: str) -> dict[str, Any]:
        try:
            jwks = requests.get(config["jwks_uri"], timeout=TIMEOUT_SECONDS).json()
            header = jwt.get_unverified_header(token)
            keys = [k for k in jwks.get("keys", []) if k.get("kid") == header.get("kid")]
            if not keys:
                raise LoginFailed(_("MitID's signature could not be checked."))
            key = jwt.PyJWK(keys[0])
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key.key,
                algorithms=[header.get("alg", "RS256")],
                audience=settings.OIDC_CLIENT_ID,
                issuer=config.get("issuer", settings.OIDC_ISSUER),
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except (jwt.PyJWTError, requests.RequestException, ValueError) as exc:
            raise LoginFailed(_("MitID's answer could not be verified.")) from exc
        if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
            raise LoginFailed(_("MitID's answer did not match this login. Start again."))
        return claims
