"""Talking to the OpenID provider: discovery, keys, tokens, userinfo, logout.

The protocol is Authlib's (``OAuth2Session``: the authorisation URL with
PKCE, client authentication, the token and userinfo requests;
``CodeIDToken``: the ID-token claim rules) and joserfc's (signatures). What
is ours: caching in the shared cache (so every web process sees the same and
nothing lives in process memory), the algorithm allow-list and issuer taken
from settings rather than from the provider, and sorting failures into the
few kinds the citizen's message depends on.
"""

from __future__ import annotations

import base64
import logging
import time
from typing import Any
from urllib.parse import quote

import requests
from authlib.common.urls import add_params_to_uri
from authlib.integrations.requests_client import OAuth2Session, OAuthError
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from authlib.oidc.core import CodeIDToken
from django.core.cache import cache
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import Key, import_key

from indgang.identity.contrib.oidc import config
from indgang.identity.contrib.oidc.config import Config

log = logging.getLogger("indgang.identity.oidc")

# Clocks differ a little between Indgang and the provider.
LEEWAY_SECONDS = 60
# A client assertion (private_key_jwt) is good for this long: one token request.
ASSERTION_SECONDS = 60


class ProviderUnavailable(Exception):
    """The provider did not answer: down, timed out, or a server error."""


class ProviderMisconfigured(Exception):
    """The provider answered, but not as OIDC_ISSUER's provider should."""


class ProviderRefused(Exception):
    """The provider answered with an OAuth error (``error`` is its code)."""

    def __init__(self, error: str, description: str = "") -> None:
        super().__init__(f"{error}: {description}" if description else error)
        self.error = error
        self.description = description


class InvalidAnswer(Exception):
    """A token or userinfo answer failed verification."""


def _key(kind: str, cfg: Config) -> str:
    return f"oidc:{kind}:{cfg.issuer}"


# -- discovery -----------------------------------------------------------------


def metadata(cfg: Config, *, max_age: int) -> dict[str, Any]:
    """The provider's discovery document, confirmed at most ``max_age`` seconds ago.

    After a failure the provider is not asked again for
    ``retry_after_seconds``: citizens get the "cannot be reached" page at once
    instead of each waiting for a timeout, and the next try after that finds
    the provider back.
    """
    entry = cache.get(_key("discovery", cfg))
    if entry and time.time() - entry["checked"] <= max_age:
        return dict(entry["doc"])
    if cache.get(_key("down", cfg)):
        raise ProviderUnavailable("did not answer a moment ago; not asked again yet")
    url = cfg.issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=cfg.timeout, headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        _mark_down(cfg)
        raise ProviderUnavailable(f"discovery at {url} failed: {exc.__class__.__name__}") from exc
    if response.status_code >= 500:
        _mark_down(cfg)
        raise ProviderUnavailable(f"discovery at {url} answered HTTP {response.status_code}")
    try:
        if response.status_code != 200:
            raise ProviderMisconfigured(
                f"{url} answered HTTP {response.status_code}: is OIDC_ISSUER right?"
            )
        try:
            doc = response.json()
        except ValueError:
            raise ProviderMisconfigured(f"{url} did not answer JSON") from None
        _validate_metadata(cfg, doc)
    except ProviderMisconfigured:
        _mark_down(cfg)
        raise
    cache.set(
        _key("discovery", cfg),
        {"doc": doc, "checked": time.time()},
        cfg.discovery_cache_seconds,
    )
    return dict(doc)


def _mark_down(cfg: Config) -> None:
    cache.set(_key("down", cfg), True, cfg.retry_after_seconds)


def _validate_metadata(cfg: Config, doc: Any) -> None:
    if not isinstance(doc, dict):
        raise ProviderMisconfigured("the discovery document is not a JSON object")
    # OpenID Connect Discovery 1.0 §4.3: the issuer must be exactly the one asked.
    if doc.get("issuer") != cfg.issuer:
        raise ProviderMisconfigured(
            f"the discovery document names issuer {doc.get('issuer')!r}, "
            f"not OIDC_ISSUER {cfg.issuer!r}"
        )
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(doc.get(name), str) or not doc[name]:
            raise ProviderMisconfigured(f"the discovery document has no {name}")


def forget_metadata(cfg: Config) -> None:
    cache.delete_many([_key("discovery", cfg), _key("down", cfg), _key("jwks", cfg)])


# -- signing keys --------------------------------------------------------------


def _fetch_jwks(cfg: Config, uri: str) -> dict[str, Any]:
    try:
        response = requests.get(uri, timeout=cfg.timeout, headers={"Accept": "application/json"})
        response.raise_for_status()
        jwks = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"the keys at {uri} could not be fetched") from exc
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
        raise ProviderMisconfigured(f"{uri} is not a JSON Web Key Set")
    cache.set(_key("jwks", cfg), jwks, cfg.jwks_cache_seconds)
    return jwks


def _select(jwks: dict[str, Any], kid: str | None, alg: str) -> Key | None:
    candidates = []
    for data in jwks["keys"]:
        if not isinstance(data, dict) or data.get("use", "sig") != "sig":
            continue
        if kid is not None and data.get("kid") != kid:
            continue
        if data.get("alg") not in (None, alg):
            continue
        try:
            candidates.append(import_key(data))
        except (JoseError, ValueError, TypeError):
            continue  # a key we cannot use (another type, malformed): not ours to judge
    # Without a kid the choice must be unambiguous.
    return candidates[0] if len(candidates) == 1 else None


def signing_key(cfg: Config, doc: dict[str, Any], kid: str | None, alg: str) -> Key:
    """The provider's key with this kid, from the cache or, when the kid is new
    (the provider rotated its keys), from the provider: at most once per
    ``jwks_refetch_seconds``, so forged kids cannot make us hammer it."""
    jwks = cache.get(_key("jwks", cfg)) or _fetch_jwks(cfg, doc["jwks_uri"])
    key = _select(jwks, kid, alg)
    if key is None and cache.add(_key("jwks-refetched", cfg), True, cfg.jwks_refetch_seconds):
        log.info("OIDC: no key with kid %r in the cached keys; fetching them again", kid)
        key = _select(_fetch_jwks(cfg, doc["jwks_uri"]), kid, alg)
    if key is None:
        raise InvalidAnswer(f"the provider publishes no {alg} key with kid {kid!r}")
    return key


# -- tokens --------------------------------------------------------------------


def _client_secret_basic(
    client: Any, method: str, uri: str, headers: dict[str, str], body: str
) -> tuple[str, dict[str, str], str]:
    """HTTP Basic with id and secret form-encoded first (RFC 6749 §2.3.1).

    Authlib's own ``client_secret_basic`` sends them raw, so a secret with
    ``+ / = % & :`` fails at a conformant provider.
    """
    pair = f"{quote(client.client_id, safe='')}:{quote(client.client_secret, safe='')}"
    headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
    return uri, headers, body


def _session(cfg: Config, doc: dict[str, Any], **kwargs: Any) -> OAuth2Session:
    if cfg.auth_method == "private_key_jwt":
        key = config.client_key()
        session = OAuth2Session(
            cfg.client_id,
            key.key,
            token_endpoint_auth_method="private_key_jwt",  # noqa: S106 - a method name
            default_timeout=cfg.timeout,
            **kwargs,
        )
        session.register_client_auth_method(
            PrivateKeyJWT(
                doc["token_endpoint"],
                headers={"kid": key.kid},
                alg=key.alg,
                claims={"exp": int(time.time()) + ASSERTION_SECONDS},
            )
        )
        return session
    session = OAuth2Session(
        cfg.client_id,
        cfg.client_secret,
        token_endpoint_auth_method=cfg.auth_method,
        default_timeout=cfg.timeout,
        **kwargs,
    )
    session.register_client_auth_method(("client_secret_basic", _client_secret_basic))
    return session


def authorization_url(
    cfg: Config,
    doc: dict[str, Any],
    *,
    redirect_uri: str,
    state: str,
    nonce: str,
    code_verifier: str,
    acr_values: str,
    ui_locales: str,
) -> str:
    extra = {"acr_values": acr_values} if acr_values else {}
    session = OAuth2Session(
        cfg.client_id, scope=cfg.scopes, redirect_uri=redirect_uri, code_challenge_method="S256"
    )
    url, _ = session.create_authorization_url(
        doc["authorization_endpoint"],
        state=state,
        code_verifier=code_verifier,
        nonce=nonce,
        ui_locales=ui_locales,
        **extra,
    )
    return str(url)


def exchange_code(
    cfg: Config, doc: dict[str, Any], *, code: str, redirect_uri: str, code_verifier: str
) -> dict[str, Any]:
    """The token response for an authorisation code (with the PKCE verifier)."""
    session = _session(cfg, doc)
    try:
        token = session.fetch_token(
            doc["token_endpoint"],
            grant_type="authorization_code",
            code=code,
            redirect_uri=redirect_uri,
            code_verifier=code_verifier,
        )
    except OAuthError as exc:
        raise ProviderRefused(str(exc.error), str(exc.description or "")) from exc
    except requests.RequestException as exc:
        raise ProviderUnavailable(f"the token request failed: {exc.__class__.__name__}") from exc
    except ValueError as exc:
        raise ProviderUnavailable(f"the token endpoint answered no JSON: {exc}") from exc
    finally:
        session.close()
    if not token.get("id_token"):
        raise InvalidAnswer("the token response has no id_token")
    return dict(token)


def verify_id_token(
    cfg: Config, doc: dict[str, Any], token: str, *, nonce: str, access_token: str | None
) -> dict[str, Any]:
    """The ID token's claims, once its signature, issuer, audience, times and
    nonce hold; ``InvalidAnswer`` says which did not."""
    try:
        header = jws.extract_compact(token.encode()).protected
    except (JoseError, ValueError) as exc:
        raise InvalidAnswer("the ID token is not a signed JWT") from exc
    alg = str(header.get("alg"))
    if alg not in cfg.algorithms:
        raise InvalidAnswer(
            f"the ID token is signed with {alg!r}, not one of OIDC_SIGNING_ALGORITHMS"
        )
    kid = header.get("kid")
    key = signing_key(cfg, doc, str(kid) if kid is not None else None, alg)
    try:
        decoded = jwt.decode(token, key, algorithms=[alg])
    except JoseError as exc:
        raise InvalidAnswer(f"the ID token's signature does not hold ({exc.error})") from exc
    claims = CodeIDToken(
        decoded.claims,
        decoded.header,
        {
            "iss": {"essential": True, "value": cfg.issuer},
            "aud": {"essential": True, "value": cfg.client_id},
            "sub": {"essential": True},
        },
        {"nonce": nonce, "client_id": cfg.client_id, "access_token": access_token},
    )
    try:
        claims.validate(leeway=LEEWAY_SECONDS)
    except JoseError as exc:
        raise InvalidAnswer(f"the ID token was refused: {exc}") from exc
    return dict(claims)


def userinfo(cfg: Config, doc: dict[str, Any], token: dict[str, Any]) -> dict[str, Any] | None:
    """The userinfo answer for the access token, or None if the provider has
    no userinfo endpoint (then every claim is in the ID token)."""
    endpoint = doc.get("userinfo_endpoint")
    if not endpoint or not token.get("access_token"):
        return None
    session = _session(cfg, doc, token=token)
    try:
        response = session.get(endpoint, headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise ProviderUnavailable(f"userinfo failed: {exc.__class__.__name__}") from exc
    finally:
        session.close()
    if response.status_code in (400, 401, 403):
        challenge = response.headers.get("WWW-Authenticate", "")
        raise ProviderRefused("userinfo_refused", f"HTTP {response.status_code} {challenge}")
    if response.status_code != 200:
        raise ProviderUnavailable(f"userinfo answered HTTP {response.status_code}")
    if "json" not in response.headers.get("Content-Type", ""):
        raise InvalidAnswer(
            "userinfo is not plain JSON (signed or encrypted userinfo is not supported: "
            "register the client for JSON userinfo)"
        )
    try:
        data = response.json()
    except ValueError as exc:
        raise InvalidAnswer("userinfo is not JSON") from exc
    if not isinstance(data, dict):
        raise InvalidAnswer("userinfo is not a JSON object")
    return data


def end_session_url(
    doc: dict[str, Any], *, id_token: str, post_logout_redirect_uri: str, client_id: str
) -> str | None:
    """The provider's logout address (RP-initiated logout), if it has one."""
    endpoint = doc.get("end_session_endpoint")
    if not endpoint:
        return None
    return str(
        add_params_to_uri(
            endpoint,
            [
                ("id_token_hint", id_token),
                ("post_logout_redirect_uri", post_logout_redirect_uri),
                ("client_id", client_id),
                ("ui_locales", "da"),
            ],
        )
    )
