"""The OIDC plugin's settings, read and checked in one place.

Read on every use (not at import), so a test's settings override applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from django.conf import settings
from joserfc.jwk import ECKey, OKPKey, RSAKey

from indgang.identity.assurance import Level

AUTH_METHODS = ("client_secret_basic", "client_secret_post", "private_key_jwt")
SECRET_METHODS = ("client_secret_basic", "client_secret_post")
# Asymmetric signatures only: "none" and the HMAC family (keyed by the client
# secret) are never accepted on an ID token.
SUPPORTED_ALGORITHMS = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)
_EC_ALGORITHMS = {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}


class KeyProblem(ValueError):
    """The private key for private_key_jwt cannot be used; says why, plainly."""


@dataclass(frozen=True)
class ClientKey:
    """The private key Indgang signs its client assertions with."""

    key: RSAKey | ECKey | OKPKey
    kid: str
    alg: str

    def public_jwk(self) -> dict[str, Any]:
        return {
            **self.key.as_dict(private=False),
            "kid": self.kid,
            "alg": self.alg,
            "use": "sig",
        }


@dataclass(frozen=True)
class Config:
    issuer: str
    client_id: str
    client_secret: str
    auth_method: str
    scopes: str
    algorithms: list[str]
    cpr_claim: str
    name_claim: str
    cvr_claim: str
    business_name_claim: str
    loa_claim: str
    acr_values: dict[str, str]
    timeout: int
    discovery_cache_seconds: int
    provider_check_seconds: int
    retry_after_seconds: int
    jwks_cache_seconds: int
    jwks_refetch_seconds: int


def parse_acr_values(text: str) -> dict[str, str]:
    """``"substantial=<value>,high=<value>"`` as a dict; ValueError if malformed."""
    values: dict[str, str] = {}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        level, sep, value = item.partition("=")
        if not sep or not value.strip():
            raise ValueError(f"{item!r} is not level=value")
        if level.strip() not in Level.values:
            raise ValueError(f"{level.strip()!r} is not one of {', '.join(Level.values)}")
        values[level.strip()] = value.strip()
    return values


def current() -> Config:
    try:
        acr_values = parse_acr_values(settings.OIDC_ACR_VALUES)
    except ValueError:
        acr_values = {}  # refused at start-up by identity.E008
    return Config(
        issuer=settings.OIDC_ISSUER,
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        auth_method=settings.OIDC_CLIENT_AUTH_METHOD,
        scopes=settings.OIDC_SCOPES,
        algorithms=list(settings.OIDC_SIGNING_ALGORITHMS),
        cpr_claim=settings.OIDC_CPR_CLAIM,
        name_claim=settings.OIDC_NAME_CLAIM,
        cvr_claim=settings.OIDC_CVR_CLAIM,
        business_name_claim=settings.OIDC_BUSINESS_NAME_CLAIM,
        loa_claim=settings.OIDC_LOA_CLAIM,
        acr_values=acr_values,
        timeout=settings.OIDC_TIMEOUT_SECONDS,
        discovery_cache_seconds=settings.OIDC_DISCOVERY_CACHE_SECONDS,
        provider_check_seconds=settings.OIDC_PROVIDER_CHECK_SECONDS,
        retry_after_seconds=settings.OIDC_RETRY_AFTER_SECONDS,
        jwks_cache_seconds=settings.OIDC_JWKS_CACHE_SECONDS,
        jwks_refetch_seconds=settings.OIDC_JWKS_REFETCH_SECONDS,
    )


def _pem() -> bytes:
    if settings.OIDC_PRIVATE_KEY and settings.OIDC_PRIVATE_KEY_FILE:
        raise KeyProblem("set OIDC_PRIVATE_KEY or OIDC_PRIVATE_KEY_FILE, not both")
    if settings.OIDC_PRIVATE_KEY:
        # An environment variable often carries the PEM's line breaks as "\n".
        return settings.OIDC_PRIVATE_KEY.replace("\\n", "\n").encode()
    if settings.OIDC_PRIVATE_KEY_FILE:
        path = Path(settings.OIDC_PRIVATE_KEY_FILE)
        try:
            return path.read_bytes()
        except OSError as exc:
            raise KeyProblem(f"cannot read {path}: {exc.strerror or exc}") from None
    raise KeyProblem("private_key_jwt needs OIDC_PRIVATE_KEY or OIDC_PRIVATE_KEY_FILE")


def client_key() -> ClientKey:
    """The private key for private_key_jwt; ``KeyProblem`` says what is wrong."""
    pem = _pem()
    try:
        loaded = load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise KeyProblem(f"not an unencrypted PEM private key ({exc.__class__.__name__})") from None
    key: RSAKey | ECKey | OKPKey
    if isinstance(loaded, rsa.RSAPrivateKey):
        if loaded.key_size < 2048:
            raise KeyProblem(f"an RSA key of {loaded.key_size} bits is too short (2048 at least)")
        key, alg = RSAKey.import_key(pem), "RS256"
    elif isinstance(loaded, ec.EllipticCurvePrivateKey):
        key = ECKey.import_key(pem)
        if key.curve_name not in _EC_ALGORITHMS:
            raise KeyProblem(f"the curve {key.curve_name} is not supported")
        alg = _EC_ALGORITHMS[key.curve_name]
    elif isinstance(loaded, ed25519.Ed25519PrivateKey):
        key, alg = OKPKey.import_key(pem), "EdDSA"
    else:
        raise KeyProblem(f"a {type(loaded).__name__} cannot sign client assertions")
    return ClientKey(key=key, kid=settings.OIDC_PRIVATE_KEY_ID or key.thumbprint(), alg=alg)
