"""Fixtures for logging in through a real OpenID provider (node-oidc-provider)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache

from indgang.identity.tests.oidc_provider import LocalProvider

CLIENT_ID = "indgang-test"
PLAIN_SECRET = "a-long-test-secret-without-reserved-characters-0123456789"
PASSWORD = "synthetic-citizen-password"
NSIS = "https://data.gov.dk/concept/core/nsis/loa/"


@dataclass
class Citizen:
    """The synthetic test account at the provider, and who it is in the registers."""

    username: str
    cpr: str
    name: str


@pytest.fixture
def oidc_citizen(live_population: Any) -> Citizen:
    parent = sorted(
        r.from_cpr for r in live_population.relations if r.kind == "child" and r.custody
    )[0]
    person = next(p for p in live_population.persons if p.cpr == parent)
    return Citizen(username="borger", cpr=person.cpr, name=person.name)


@pytest.fixture
def oidc_provider(
    settings: Any, live_server: Any, live_population: Any, oidc_citizen: Citizen
) -> Any:
    """A provider with one synthetic citizen and one business login, and
    Indgang configured as its client (client_secret_basic, claims in userinfo,
    NSIS substantial). Each test starts it with ``start(**changes)``, and may
    stop and restart it."""
    business = min(live_population.businesses, key=lambda b: b.cvr)
    provider = LocalProvider(
        {
            "client": {
                "client_id": CLIENT_ID,
                "client_secret": PLAIN_SECRET,
                "token_endpoint_auth_method": "client_secret_basic",
                "redirect_uris": [f"{live_server.url}/log-ind/oidc/callback/"],
                "post_logout_redirect_uris": [f"{live_server.url}/log-af/afsluttet/"],
            },
            "claims_in": "userinfo",
            "signing_key_id": "key-1",
            "acr": NSIS + "Substantial",
            "accounts": {
                oidc_citizen.username: {
                    "password": PASSWORD,
                    "claims": {"name": oidc_citizen.name, "dk.cpr": oidc_citizen.cpr},
                },
                "erhverv": {
                    "password": PASSWORD,
                    "claims": {
                        "name": oidc_citizen.name,
                        "dk.cpr": oidc_citizen.cpr,
                        "dk.cvr": business.cvr,
                        "dk.cvr.name": business.name,
                    },
                },
            },
        }
    )
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = PLAIN_SECRET
    settings.OIDC_CLIENT_AUTH_METHOD = "client_secret_basic"
    settings.OIDC_SCOPES = "openid mitid ssn nemlogin"
    settings.OIDC_ACR_VALUES = f"substantial={NSIS}Substantial,high={NSIS}High"
    # Ask the provider at every login start, and again a second after it failed.
    settings.OIDC_PROVIDER_CHECK_SECONDS = 0
    settings.OIDC_RETRY_AFTER_SECONDS = 1
    cache.clear()
    yield provider
    # Shown by pytest only when the test failed.
    print(f"--- OIDC provider output ---\n{provider.output()}")
    provider.close()
    cache.clear()
