"""MitID through OIDC, against a fake provider on mocked HTTP (no network)."""

import base64
import hashlib
import json
import time
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import responses
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.cache import cache
from django.test import Client

ISSUER = "https://mitid-broker.example.test"


@pytest.fixture
def provider(settings, population):
    settings.OIDC_ISSUER = ISSUER
    settings.OIDC_CLIENT_ID = "indgang"
    settings.OIDC_CLIENT_SECRET = "s3cret"
    cache.clear()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": "k1", "use": "sig", "alg": "RS256"})
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(
            f"{ISSUER}/.well-known/openid-configuration",
            json={
                "issuer": ISSUER,
                "authorization_endpoint": f"{ISSUER}/authorize",
                "token_endpoint": f"{ISSUER}/token",
                "jwks_uri": f"{ISSUER}/jwks",
            },
        )
        mock.get(f"{ISSUER}/jwks", json={"keys": [jwk]})
        yield mock, key


def id_token(key, nonce, cpr, **overrides):
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": "indgang",
        "sub": "abc",
        "iat": now,
        "exp": now + 300,
        "nonce": nonce,
        "dk.cpr": cpr,
        "name": "Test Testesen",
        **overrides,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})


def start(client):
    response = client.get("/log-ind/oidc/start/?next=/min-side/")
    assert response.status_code == 302
    return parse_qs(urlparse(response["Location"]).query)


def test_it_logs_in_with_pkce_state_and_nonce(provider, parent_cpr):
    mock, key = provider
    client = Client()
    query = start(client)
    assert query["code_challenge_method"] == ["S256"]
    token_calls = []

    def token_endpoint(request):
        body = parse_qs(request.body)
        token_calls.append(body)
        return (
            200,
            {},
            json.dumps(
                {
                    "access_token": "a",
                    "token_type": "Bearer",
                    "id_token": id_token(key, query["nonce"][0], parent_cpr),
                }
            ),
        )

    mock.add_callback(responses.POST, f"{ISSUER}/token", callback=token_endpoint)
    response = client.get(f"/log-ind/oidc/callback/?code=c0de&state={query['state'][0]}")
    assert response.status_code == 302
    assert response["Location"] == "/min-side/"
    verifier = token_calls[0]["code_verifier"][0]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    assert query["code_challenge"] == [challenge.decode()]
    assert client.get("/min-side/").status_code == 200


def test_a_wrong_state_is_refused(provider, parent_cpr):
    client = Client()
    start(client)
    response = client.get("/log-ind/oidc/callback/?code=c0de&state=forged", follow=True)
    assert "Login er udløbet" in response.content.decode()
    assert client.get("/min-side/").status_code == 302


def test_a_token_with_another_nonce_is_refused(provider, parent_cpr):
    mock, key = provider
    client = Client()
    query = start(client)
    mock.post(f"{ISSUER}/token", json={"id_token": id_token(key, "replayed", parent_cpr)})
    client.get(f"/log-ind/oidc/callback/?code=c0de&state={query['state'][0]}")
    assert client.get("/min-side/").status_code == 302


def test_a_token_signed_by_someone_else_is_refused(provider, parent_cpr):
    mock, _ = provider
    client = Client()
    query = start(client)
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    mock.post(f"{ISSUER}/token", json={"id_token": id_token(forger, query["nonce"][0], parent_cpr)})
    response = client.get(
        f"/log-ind/oidc/callback/?code=c0de&state={query['state'][0]}", follow=True
    )
    assert "kunne ikke bekræftes" in response.content.decode()
    assert client.get("/min-side/").status_code == 302


def test_an_expired_token_is_refused(provider, parent_cpr):
    mock, key = provider
    client = Client()
    query = start(client)
    expired = id_token(key, query["nonce"][0], parent_cpr, exp=int(time.time()) - 10)
    mock.post(f"{ISSUER}/token", json={"id_token": expired})
    client.get(f"/log-ind/oidc/callback/?code=c0de&state={query['state'][0]}")
    assert client.get("/min-side/").status_code == 302
