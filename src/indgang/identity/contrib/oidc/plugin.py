"""MitID login through OpenID Connect (NemLog-in or a MitID broker).

Authorisation code flow with PKCE (S256), state and nonce, on Authlib
(``provider.py``). The ID token is checked against the provider's published
keys (cached; refetched when the provider rotates them), the configured
issuer, audience, expiry, nonce and an algorithm allow-list; userinfo is
merged in when the provider has it (same ``sub``), and the NSIS level of
assurance must meet what the page asked for. Logging out ends the provider's
session too (RP-initiated logout with ``id_token_hint``).

Every failure is logged for the operator with the provider's own error code,
and the citizen gets one specific, plain message; the citizen never sees a
code or a stack trace. docs/identity.md has the settings for NemLog-in and the
brokers.
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from stdnum.dk import cvr as cvr_number

from indgang.identity import assurance
from indgang.identity.base import LoginFailed, ProviderLogoutFailed, RedirectingIdentityPlugin
from indgang.identity.citizen import CitizenIdentity
from indgang.identity.contrib.oidc import config, provider
from indgang.identity.contrib.oidc.config import KeyProblem
from indgang.identity.contrib.oidc.provider import (
    InvalidAnswer,
    ProviderMisconfigured,
    ProviderRefused,
    ProviderUnavailable,
)
from indgang.identity.registry import register
from indgang.registers import queries as registers

log = logging.getLogger("indgang.identity.oidc")

SESSION_KEY = "indgang_oidc"
# What logging out needs from the login: the ID token, as id_token_hint.
LOGOUT_SESSION_KEY = "indgang_oidc_logout"
# A login not finished within this time must be started again.
PENDING_SECONDS = 30 * 60
# A client secret shorter than this is easy to guess (a broker's are longer).
MIN_SECRET_LENGTH = 32


# What the citizen reads. One place, so each failure has one wording.
def _unreachable() -> str:
    return _("MitID cannot be reached right now, so you cannot log in. Try again in a few minutes.")


def _unreachable_at_callback() -> str:
    return _(
        "MitID stopped answering before your login was finished, so you are not logged in. "
        "Try again in a few minutes."
    )


def _broken() -> str:
    return _(
        "Login with MitID does not work right now because of an error on our side. "
        "We have logged the error. Try again later."
    )


def _expired() -> str:
    return _("Your login has expired or was started in another window. Start the login again.")


def _unverifiable() -> str:
    return _(
        "We could not verify the answer from MitID, so you are not logged in. "
        "Start the login again."
    )


def _cpr(value: Any) -> str:
    text = str(value or "").replace("-", "").strip()
    return text if len(text) == 10 and text.isdigit() else ""


@register.register("oidc")
class OIDCPlugin(RedirectingIdentityPlugin):
    identifier = "oidc"
    label = gettext_lazy("MitID")

    def is_enabled(self) -> bool:
        return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)

    def redirect_uri(self, request: HttpRequest) -> str:
        return request.build_absolute_uri(reverse("identity:oidc-callback"))

    # -- login -------------------------------------------------------------

    def start(self, request: HttpRequest, next_url: str, level_of_assurance: str) -> HttpResponse:
        cfg = config.current()
        # Check the provider answers before sending the citizen there: a dead
        # address ends on the browser's own error page, with no way back.
        doc = self._metadata(cfg, max_age=cfg.provider_check_seconds, at="start")
        state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        verifier = secrets.token_urlsafe(64)
        request.session[SESSION_KEY] = {
            "state": state,
            "nonce": nonce,
            "verifier": verifier,
            "next": next_url,
            "level": level_of_assurance,
            "started": time.time(),
        }
        url = provider.authorization_url(
            cfg,
            doc,
            redirect_uri=self.redirect_uri(request),
            state=state,
            nonce=nonce,
            code_verifier=verifier,
            acr_values=cfg.acr_values.get(level_of_assurance, ""),
            ui_locales=get_language() or settings.LANGUAGE_CODE,
        )
        return HttpResponseRedirect(url)

    def _metadata(self, cfg: config.Config, *, max_age: int, at: str) -> dict[str, Any]:
        try:
            return provider.metadata(cfg, max_age=max_age)
        except ProviderUnavailable as exc:
            log.warning("OIDC %s: %s cannot be reached: %s", at, cfg.issuer, exc)
            message = _unreachable() if at == "start" else _unreachable_at_callback()
            raise LoginFailed(message) from exc
        except ProviderMisconfigured as exc:
            log.error("OIDC %s: the provider at %s is misconfigured: %s", at, cfg.issuer, exc)
            raise LoginFailed(_broken()) from exc

    def complete(self, request: HttpRequest) -> tuple[CitizenIdentity, str]:
        pending = request.session.pop(SESSION_KEY, None)
        try:
            return self._complete(request, pending)
        except LoginFailed as exc:
            if pending:
                exc.next_url = str(pending.get("next") or "")
                exc.level = str(pending.get("level") or "")
            raise

    def _complete(
        self, request: HttpRequest, pending: dict[str, Any] | None
    ) -> tuple[CitizenIdentity, str]:
        cfg = config.current()
        state = request.GET.get("state", "")
        if not pending or not secrets.compare_digest(state, str(pending["state"])):
            log.warning(
                "OIDC callback: %s",
                "no login is pending in this session (expired, finished, or another browser)"
                if not pending
                else "the state does not match the login started in this session",
            )
            raise LoginFailed(_expired())
        if time.time() - float(pending.get("started", 0)) > PENDING_SECONDS:
            log.warning("OIDC callback: the login was started more than %s s ago", PENDING_SECONDS)
            raise LoginFailed(_expired())
        self._refuse_provider_error(request)
        # RFC 9207: a provider that names itself must name OIDC_ISSUER (mix-up defence).
        iss = request.GET.get("iss")
        if iss is not None and iss != cfg.issuer:
            log.error("OIDC callback: the answer names issuer %r, not %r", iss, cfg.issuer)
            raise LoginFailed(_unverifiable())
        code = request.GET.get("code")
        if not code:
            log.warning("OIDC callback: the provider sent neither a code nor an error")
            raise LoginFailed(_("MitID did not return a login code. Start the login again."))
        doc = self._metadata(cfg, max_age=cfg.discovery_cache_seconds, at="callback")
        claims, id_token = self._claims(request, cfg, doc, code, pending)
        identity = self._identity(cfg, claims, str(pending.get("level", "")))
        request.session[LOGOUT_SESSION_KEY] = {"id_token": id_token}
        return identity, str(pending.get("next") or "/")

    def _refuse_provider_error(self, request: HttpRequest) -> None:
        error = request.GET.get("error")
        if not error:
            return
        description = request.GET.get("error_description", "")[:300]
        if error == "access_denied":
            log.info("OIDC callback: the citizen cancelled at the provider (%s)", description)
            raise LoginFailed(_("You cancelled the login with MitID. You are not logged in."))
        if error in ("temporarily_unavailable", "server_error"):
            log.warning("OIDC callback: the provider answered %s: %s", error, description)
            raise LoginFailed(_unreachable_at_callback())
        log.error("OIDC callback: the provider refused the login: %s: %s", error, description)
        raise LoginFailed(_broken())

    def _claims(
        self,
        request: HttpRequest,
        cfg: config.Config,
        doc: dict[str, Any],
        code: str,
        pending: dict[str, Any],
    ) -> tuple[dict[str, Any], str]:
        """The ID token's claims with userinfo merged in, and the raw ID token."""
        try:
            tokens = provider.exchange_code(
                cfg,
                doc,
                code=code,
                redirect_uri=self.redirect_uri(request),
                code_verifier=str(pending["verifier"]),
            )
            claims = provider.verify_id_token(
                cfg,
                doc,
                str(tokens["id_token"]),
                nonce=str(pending["nonce"]),
                access_token=tokens.get("access_token"),
            )
            info = provider.userinfo(cfg, doc, tokens)
        except ProviderRefused as exc:
            if exc.error == "invalid_grant":
                # The code was used already, or has expired: a reload or the back button.
                log.warning("OIDC token request refused: invalid_grant: %s", exc.description)
                raise LoginFailed(_expired()) from exc
            log.error("OIDC token or userinfo request refused: %s: %s", exc.error, exc.description)
            raise LoginFailed(_broken()) from exc
        except ProviderUnavailable as exc:
            log.warning("OIDC callback: %s cannot be reached: %s", cfg.issuer, exc)
            raise LoginFailed(_unreachable_at_callback()) from exc
        except ProviderMisconfigured as exc:
            log.error("OIDC callback: the provider at %s is misconfigured: %s", cfg.issuer, exc)
            raise LoginFailed(_broken()) from exc
        except KeyProblem as exc:
            log.error("OIDC callback: the private key for private_key_jwt: %s", exc)
            raise LoginFailed(_broken()) from exc
        except InvalidAnswer as exc:
            log.warning("OIDC callback: %s", exc)
            raise LoginFailed(_unverifiable()) from exc
        if info is not None:
            if info.get("sub") != claims["sub"]:
                # OIDC Core §5.3.2: userinfo about someone else must not be used.
                log.error("OIDC callback: userinfo is about another sub than the ID token")
                raise LoginFailed(_unverifiable())
            # Signed ID-token claims win over userinfo where both have one.
            claims = {**info, **claims}
        return claims, str(tokens["id_token"])

    def _identity(
        self, cfg: config.Config, claims: dict[str, Any], required: str
    ) -> CitizenIdentity:
        names = sorted(claims)  # claim names only: values are personal data
        level = assurance.parse(claims.get(cfg.loa_claim))
        if level is None:
            log.warning(
                "OIDC callback: no NSIS level in claim %r (claims: %s); set OIDC_LOA_CLAIM",
                cfg.loa_claim,
                ", ".join(names),
            )
            raise LoginFailed(
                _("MitID did not tell us how securely you logged in, so we cannot log you in.")
            )
        if not assurance.meets(level, required or settings.CITIZEN_LEVEL_OF_ASSURANCE):
            log.info("OIDC callback: level of assurance %s, %s required", level, required)
            raise LoginFailed(
                _(
                    "You logged in with MitID at level of assurance “%(actual)s”, but this "
                    "needs “%(required)s”. Log in again with the MitID app or a code display."
                )
                % {"actual": assurance.label(level), "required": assurance.label(required)}
            )
        cpr = _cpr(claims.get(cfg.cpr_claim))
        if not cpr:
            log.warning(
                "OIDC callback: no CPR number in claim %r (claims: %s); check OIDC_CPR_CLAIM "
                "and OIDC_SCOPES",
                cfg.cpr_claim,
                ", ".join(names),
            )
            raise LoginFailed(_("MitID did not give us your CPR number, so we cannot log you in."))
        cvr = str(claims.get(cfg.cvr_claim) or "").strip()
        business_name = str(claims.get(cfg.business_name_claim) or "").strip()
        if cvr:
            if not cvr_number.is_valid(cvr):
                log.warning("OIDC callback: claim %r is not a valid CVR number", cfg.cvr_claim)
                raise LoginFailed(
                    _(
                        "MitID Erhverv sent a business number we cannot use, so we cannot log "
                        "you in on behalf of the business. Log in as a private person instead."
                    )
                )
            if not business_name:
                business = registers.business(cvr)
                business_name = business.name if business else ""
        name = str(claims.get(cfg.name_claim) or "").strip()
        if not name:
            person = registers.person(cpr)
            name = person.name if person else ""
        return CitizenIdentity(
            cpr=cpr,
            name=name,
            idp=self.identifier,
            level_of_assurance=level,
            cvr=cvr,
            business_name=business_name,
        )

    # -- logout ------------------------------------------------------------

    def logout_url(self, request: HttpRequest) -> str | None:
        hint = request.session.get(LOGOUT_SESSION_KEY)
        if not hint:
            return None
        cfg = config.current()
        try:
            doc = provider.metadata(cfg, max_age=cfg.provider_check_seconds)
        except (ProviderUnavailable, ProviderMisconfigured) as exc:
            log.warning("OIDC logout: %s cannot be reached, its session stays: %s", cfg.issuer, exc)
            raise ProviderLogoutFailed(
                _(
                    "MitID could not be reached, so you may still be logged in there. "
                    "Close your browser to be sure."
                )
            ) from exc
        return provider.end_session_url(
            doc,
            id_token=str(hint["id_token"]),
            post_logout_redirect_uri=request.build_absolute_uri(reverse("identity:logged-out")),
            client_id=cfg.client_id,
        )

    # -- configuration -----------------------------------------------------

    def check(self) -> list[CheckMessage]:
        return check_settings()


def check_settings() -> list[CheckMessage]:
    """The OIDC settings, checked at start-up (ids identity.E001–E009, W001–W002)."""
    found: list[CheckMessage] = []
    client_settings = ("OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_PRIVATE_KEY")
    if not settings.OIDC_ISSUER:
        if any(getattr(settings, name) for name in client_settings):
            found.append(
                Warning(
                    "OIDC client settings are set, but OIDC_ISSUER is empty: MitID login is off.",
                    hint="Set OIDC_ISSUER to the provider's issuer, or remove the OIDC settings.",
                    id="identity.W001",
                )
            )
        return found
    cfg = config.current()
    if not cfg.client_id:
        found.append(
            Error(
                "OIDC_ISSUER is set but OIDC_CLIENT_ID is missing.",
                hint="Set the client id the provider registered for Indgang.",
                id="identity.E001",
            )
        )
    if cfg.auth_method not in config.AUTH_METHODS:
        found.append(
            Error(
                f"OIDC_CLIENT_AUTH_METHOD {cfg.auth_method!r} is not known.",
                hint="Use one of: " + ", ".join(config.AUTH_METHODS) + ".",
                id="identity.E002",
            )
        )
    elif cfg.auth_method in config.SECRET_METHODS:
        if not cfg.client_secret:
            found.append(
                Error(
                    f"OIDC_CLIENT_AUTH_METHOD is {cfg.auth_method} but OIDC_CLIENT_SECRET is "
                    "missing.",
                    hint="Set the client secret, or use private_key_jwt with a key.",
                    id="identity.E003",
                )
            )
        elif len(cfg.client_secret) < MIN_SECRET_LENGTH:
            found.append(
                Warning(
                    f"OIDC_CLIENT_SECRET is shorter than {MIN_SECRET_LENGTH} characters.",
                    hint="Ask the provider for a longer secret, or use private_key_jwt.",
                    id="identity.W002",
                )
            )
    else:
        try:
            config.client_key()
        except KeyProblem as exc:
            found.append(
                Error(
                    f"The private key for private_key_jwt cannot be used: {exc}.",
                    hint="Set OIDC_PRIVATE_KEY (PEM) or OIDC_PRIVATE_KEY_FILE (a readable PEM "
                    "file) to an unencrypted RSA (2048 bits or more), EC or Ed25519 private key.",
                    id="identity.E005",
                )
            )
    if not cfg.issuer.startswith("https://") and not settings.DEBUG:
        found.append(
            Error(
                "OIDC_ISSUER must use https in production.",
                hint="Plain http lets anyone on the way read and change logins.",
                id="identity.E004",
            )
        )
    unsupported = [a for a in cfg.algorithms if a not in config.SUPPORTED_ALGORITHMS]
    if unsupported or not cfg.algorithms:
        found.append(
            Error(
                "OIDC_SIGNING_ALGORITHMS must list asymmetric algorithms only"
                + (f"; not {', '.join(unsupported)}." if unsupported else "."),
                hint="Supported: " + ", ".join(config.SUPPORTED_ALGORITHMS) + ".",
                id="identity.E006",
            )
        )
    try:
        config.parse_acr_values(settings.OIDC_ACR_VALUES)
    except ValueError as exc:
        found.append(
            Error(
                f"OIDC_ACR_VALUES cannot be read: {exc}.",
                hint="Write it as substantial=<value>,high=<value> (docs/identity.md).",
                id="identity.E007",
            )
        )
    numbers = {
        "OIDC_TIMEOUT_SECONDS": (cfg.timeout, 1),
        "OIDC_DISCOVERY_CACHE_SECONDS": (cfg.discovery_cache_seconds, 0),
        "OIDC_PROVIDER_CHECK_SECONDS": (cfg.provider_check_seconds, 0),
        "OIDC_RETRY_AFTER_SECONDS": (cfg.retry_after_seconds, 0),
        "OIDC_JWKS_CACHE_SECONDS": (cfg.jwks_cache_seconds, 0),
        "OIDC_JWKS_REFETCH_SECONDS": (cfg.jwks_refetch_seconds, 0),
    }
    for name, (value, least) in numbers.items():
        if value < least:
            found.append(Error(f"{name} must be at least {least}.", id="identity.E008"))
    if "openid" not in cfg.scopes.split():
        found.append(
            Error(
                "OIDC_SCOPES must include openid.",
                hint="Without it the provider sends no ID token. Default: openid mitid ssn.",
                id="identity.E009",
            )
        )
    return found
