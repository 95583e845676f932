"""MitID through OIDC against a provider on mocked HTTP: the rules a real
provider seldom lets us break (forged and foreign tokens, another sub in
userinfo, caching and its limits, what is logged). The browser tests in
test_browser_oidc_login.py log in through a real provider."""

import base64
import json
import logging
import time
from urllib.parse import parse_qs, unquote, urlparse

import pytest
import requests
import responses
from django.core.cache import cache
from django.test import Client
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from indgang.identity.citizen import SESSION_KEY as CITIZEN_SESSION_KEY

ISSUER = "https://mitid-broker.example.test"
CLIENT_ID = "indgang"
SECRET = "s3cret+with/reserved=chars%&:and-enough-length"
NSIS = "https://data.gov.dk/concept/core/nsis/loa/"


class Broker:
    """A mocked provider: discovery, keys, token and userinfo endpoints."""

    def __init__(self, mock):
        self.mock = mock
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
        self.keys = [self.key]
        self.userinfo = None
        self.token_requests = []
        mock.get(f"{ISSUER}/.well-known/openid-configuration", json=self.discovery())
        mock.add_callback(responses.GET, f"{ISSUER}/jwks", callback=self._jwks)

    @staticmethod
    def discovery(**changes):
        return {
            "issuer": ISSUER,
            "authorization_endpoint": f"{ISSUER}/authorize",
            "token_endpoint": f"{ISSUER}/token",
            "jwks_uri": f"{ISSUER}/jwks",
            "userinfo_endpoint": f"{ISSUER}/userinfo",
            "end_session_endpoint": f"{ISSUER}/logout",
            **changes,
        }

    def _jwks(self, request):
        keys = [{**k.as_dict(private=False), "use": "sig"} for k in self.keys]
        return 200, {"Content-Type": "application/json"}, json.dumps({"keys": keys})

    def id_token(self, nonce, key=None, alg="RS256", **claims):
        now = int(time.time())
        payload = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": "person-1",
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **claims,
        }
        key = key or self.key
        header = {"alg": alg, **({"kid": key.kid} if key.kid else {})}
        return jwt.encode(header, payload, key, algorithms=[alg])

    def answer(self, id_token, userinfo=None):
        """The token endpoint answers with this ID token; userinfo with this."""

        def token(request):
            self.token_requests.append(request)
            body = {"access_token": "at", "token_type": "Bearer", "id_token": id_token}
            return 200, {"Content-Type": "application/json"}, json.dumps(body)

        self.mock.add_callback(responses.POST, f"{ISSUER}/token", callback=token)
        if userinfo is not None:
            self.mock.get(f"{ISSUER}/userinfo", json=userinfo)

    def calls_to(self, path):
        return sum(1 for call in self.mock.calls if urlparse(call.request.url).path == path)


@pytest.fixture
def broker(settings, population):
    settings.OIDC_ISSUER = ISSUER
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = SECRET
    settings.OIDC_CLIENT_AUTH_METHOD = "client_secret_basic"
    settings.OIDC_LOA_CLAIM = "loa"
    settings.OIDC_ACR_VALUES = f"substantial={NSIS}Substantial,high={NSIS}High"
    cache.clear()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield Broker(mock)
    cache.clear()


def start(client, next_url="/min-side/", level=""):
    response = client.get(f"/log-ind/oidc/start/?next={next_url}&niveau={level}")
    assert response.status_code == 302, response.content
    assert response["Location"].startswith(f"{ISSUER}/authorize?")
    return {k: v[0] for k, v in parse_qs(urlparse(response["Location"]).query).items()}


def callback(client, query, **params):
    params = {"code": "c0de", "state": query["state"], **params}
    return client.get("/log-ind/oidc/callback/", params, follow=True)


def logged_in(client):
    return client.get("/min-side/").status_code == 200


def page_text(response):
    return response.content.decode()


def claims(cpr, level="Substantial", **more):
    return {"dk.cpr": cpr, "name": "Test Testesen", "loa": NSIS + level, **more}


def test_it_logs_in_with_pkce_state_and_nonce_and_claims_from_userinfo(broker, parent_cpr):
    client = Client()
    query = start(client)
    assert query["code_challenge_method"] == "S256"
    assert query["acr_values"] == NSIS + "Substantial"
    broker.answer(
        broker.id_token(query["nonce"]),
        userinfo={"sub": "person-1", **claims(parent_cpr)},
    )
    response = callback(client, query)
    assert response.redirect_chain[-1][0] == "/min-side/"
    assert logged_in(client)
    verifier = parse_qs(broker.token_requests[0].body)["code_verifier"][0]
    challenge = base64.urlsafe_b64encode(
        __import__("hashlib").sha256(verifier.encode()).digest()
    ).rstrip(b"=")
    assert query["code_challenge"] == challenge.decode()
    assert client.session[CITIZEN_SESSION_KEY]["level_of_assurance"] == "substantial"


def test_the_secret_is_form_encoded_before_http_basic(broker, parent_cpr):
    client = Client()
    query = start(client)
    broker.answer(broker.id_token(query["nonce"], **claims(parent_cpr)))
    broker.mock.get(f"{ISSUER}/userinfo", json={"sub": "person-1"})
    callback(client, query)
    header = broker.token_requests[0].headers["Authorization"]
    user, _, password = base64.b64decode(header.removeprefix("Basic ")).decode().partition(":")
    assert "+" not in password and "/" not in password and "%2B" in password
    assert (unquote(user), unquote(password)) == (CLIENT_ID, SECRET)


def test_client_secret_post_sends_the_secret_in_the_body(broker, settings, parent_cpr):
    settings.OIDC_CLIENT_AUTH_METHOD = "client_secret_post"
    client = Client()
    query = start(client)
    broker.answer(broker.id_token(query["nonce"], **claims(parent_cpr)))
    broker.mock.get(f"{ISSUER}/userinfo", json={"sub": "person-1"})
    callback(client, query)
    body = parse_qs(broker.token_requests[0].body)
    assert body["client_secret"] == [SECRET]
    assert "Authorization" not in broker.token_requests[0].headers
    assert logged_in(client)


def test_private_key_jwt_signs_an_assertion_with_the_configured_key(
    broker, settings, tmp_path, parent_cpr
):
    key = RSAKey.generate_key(2048)
    (tmp_path / "key.pem").write_bytes(key.as_pem(private=True))
    settings.OIDC_CLIENT_AUTH_METHOD = "private_key_jwt"
    settings.OIDC_PRIVATE_KEY_FILE = str(tmp_path / "key.pem")
    client = Client()
    query = start(client)
    broker.answer(broker.id_token(query["nonce"], **claims(parent_cpr)))
    broker.mock.get(f"{ISSUER}/userinfo", json={"sub": "person-1"})
    callback(client, query)
    body = parse_qs(broker.token_requests[0].body)
    assert "client_secret" not in body
    assertion = jwt.decode(body["client_assertion"][0], key, algorithms=["RS256"])
    assert assertion.claims["iss"] == assertion.claims["sub"] == CLIENT_ID
    assert assertion.claims["aud"] == f"{ISSUER}/token"
    assert assertion.claims["exp"] - time.time() <= 60
    assert assertion.header["kid"] == key.thumbprint()
    assert logged_in(client)
    # The public half is published for the provider; the private half is not.
    published = Client().get("/log-ind/oidc/jwks.json").json()["keys"]
    assert [k["kid"] for k in published] == [key.thumbprint()]
    assert "d" not in published[0]


def test_the_jwks_address_is_absent_without_private_key_jwt(broker):
    assert Client().get("/log-ind/oidc/jwks.json").status_code == 404


def test_userinfo_about_another_sub_is_refused(broker, parent_cpr, caplog):
    client = Client()
    query = start(client)
    broker.answer(
        broker.id_token(query["nonce"]),
        userinfo={"sub": "someone-else", **claims(parent_cpr)},
    )
    response = callback(client, query)
    assert "Vi kunne ikke bekræfte svaret fra MitID" in page_text(response)
    assert not logged_in(client)
    assert "another sub" in caplog.text


def test_signed_id_token_claims_win_over_userinfo(broker, parent_cpr, other_cpr):
    client = Client()
    query = start(client)
    broker.answer(
        broker.id_token(query["nonce"], **claims(parent_cpr)),
        userinfo={"sub": "person-1", "dk.cpr": other_cpr},
    )
    callback(client, query)
    assert client.session[CITIZEN_SESSION_KEY]["cpr"] == parent_cpr


def test_a_wrong_state_is_refused(broker, parent_cpr):
    client = Client()
    start(client)
    response = client.get("/log-ind/oidc/callback/?code=c0de&state=forged", follow=True)
    assert "Dit login er udløbet" in page_text(response)
    assert not logged_in(client)


def test_a_callback_used_twice_is_refused(broker, parent_cpr):
    client = Client()
    query = start(client)
    broker.answer(broker.id_token(query["nonce"], **claims(parent_cpr)))
    broker.mock.get(f"{ISSUER}/userinfo", json={"sub": "person-1"})
    callback(client, query)
    client.post("/log-af/")
    response = callback(client, query)
    assert "Dit login er udløbet" in page_text(response)
    assert not logged_in(client)


def test_a_token_with_another_nonce_is_refused(broker, parent_cpr):
    client = Client()
    query = start(client)
    broker.answer(broker.id_token("replayed", **claims(parent_cpr)))
    response = callback(client, query)
    assert "Vi kunne ikke bekræfte svaret fra MitID" in page_text(response)
    assert not logged_in(client)


def test_a_token_signed_by_someone_else_is_refused(broker, parent_cpr):
    client = Client()
    query = start(client)
    forger = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    broker.answer(broker.id_token(query["nonce"], key=forger, **claims(parent_cpr)))
    response = callback(client, query)
    assert "Vi kunne ikke bekræfte svaret fra MitID" in page_text(response)
    assert not logged_in(client)


@pytest.mark.parametrize("alg", ["HS256", "RS512"])
def test_an_algorithm_outside_the_allow_list_is_refused(broker, parent_cpr, caplog, alg):
    client = Client()
    query = start(client)
    # HS256 keyed with the client secret is a classic downgrade; RS512 is
    # simply not allowed by OIDC_SIGNING_ALGORITHMS here.
    key = OctKey.import_key(SECRET.encode()) if alg == "HS256" else broker.key
    broker.answer(broker.id_token(query["nonce"], key=key, alg=alg, **claims(parent_cpr)))
    response = callback(client, query)
    assert "Vi kunne ikke bekræfte svaret fra MitID" in page_text(response)
    assert not logged_in(client)
    assert f"signed with '{alg}'" in caplog.text


def test_an_expired_token_is_refused(broker, parent_cpr):
    client = Client()
    query = start(client)
    expired = broker.id_token(query["nonce"], exp=int(time.time()) - 600, **claims(parent_cpr))
    broker.answer(expired)
    callback(client, query)
    assert not logged_in(client)


def test_a_token_from_another_issuer_is_refused(broker, parent_cpr):
    client = Client()
    query = start(client)
    broker.answer(broker.id_token(query["nonce"], iss="https://evil.example", **claims(parent_cpr)))
    callback(client, query)
    assert not logged_in(client)


def test_a_discovery_document_naming_another_issuer_is_refused(broker, settings, caplog):
    broker.mock.replace(
        responses.GET,
        f"{ISSUER}/.well-known/openid-configuration",
        json=Broker.discovery(issuer="https://evil.example"),
    )
    response = Client().get("/log-ind/oidc/start/?next=/min-side/", follow=True)
    assert "på grund af en fejl hos os" in page_text(response)
    assert "not OIDC_ISSUER" in caplog.text


def test_an_answer_naming_another_issuer_is_refused(broker, parent_cpr):
    client = Client()
    query = start(client)
    broker.answer(broker.id_token(query["nonce"], **claims(parent_cpr)))
    response = callback(client, query, iss="https://evil.example")
    assert "Vi kunne ikke bekræfte svaret fra MitID" in page_text(response)
    assert broker.token_requests == []


def test_an_unknown_key_id_refetches_the_keys_once_per_interval(broker, parent_cpr, caplog):
    client = Client()
    query = start(client)
    broker.answer(broker.id_token(query["nonce"], **claims(parent_cpr)))
    broker.mock.get(f"{ISSUER}/userinfo", json={"sub": "person-1"})
    callback(client, query)
    assert logged_in(client) and broker.calls_to("/jwks") == 1

    # The provider rotates: the new kid is fetched once, then cached.
    broker.keys = [RSAKey.generate_key(2048, parameters={"kid": "k2"})]
    broker.key = broker.keys[0]
    for _ in range(2):
        client = Client()
        query = start(client)
        broker.answer(broker.id_token(query["nonce"], **claims(parent_cpr)))
        callback(client, query)
        assert logged_in(client)
    assert broker.calls_to("/jwks") == 2

    # Tokens with made-up kids cannot make Indgang hammer the provider.
    for kid in ("forged-1", "forged-2"):
        client = Client()
        query = start(client)
        forged = RSAKey.generate_key(2048, parameters={"kid": kid})
        broker.answer(broker.id_token(query["nonce"], key=forged, **claims(parent_cpr)))
        callback(client, query)
        assert not logged_in(client)
    assert broker.calls_to("/jwks") == 2
    assert "no RS256 key with kid 'forged-2'" in caplog.text


def test_discovery_is_cached_and_a_failure_is_remembered_briefly(broker, settings):
    settings.OIDC_PROVIDER_CHECK_SECONDS = 60
    start(Client())
    start(Client())
    assert broker.calls_to("/.well-known/openid-configuration") == 1

    settings.OIDC_PROVIDER_CHECK_SECONDS = 0
    broker.mock.replace(
        responses.GET,
        f"{ISSUER}/.well-known/openid-configuration",
        body=requests.exceptions.ConnectionError("refused"),
    )
    for _ in range(3):
        response = Client().get("/log-ind/oidc/start/?next=/min-side/", follow=True)
        assert "MitID kan ikke nås lige nu" in page_text(response)
    # One failed try; the next citizens get the page without waiting on the network.
    assert broker.calls_to("/.well-known/openid-configuration") == 2

    broker.mock.replace(
        responses.GET,
        f"{ISSUER}/.well-known/openid-configuration",
        json=Broker.discovery(),
    )
    settings.OIDC_RETRY_AFTER_SECONDS = 0
    cache.delete(f"oidc:down:{ISSUER}")  # the retry interval has passed
    start(Client())


def test_the_login_page_keeps_where_the_citizen_was_going_after_a_failure(broker, parent_cpr):
    client = Client()
    query = start(client, next_url="/selvbetjening/laegeskift/")
    response = client.get(
        "/log-ind/oidc/callback/",
        {"error": "access_denied", "state": query["state"]},
    )
    assert response.status_code == 302
    assert "next=%2Fselvbetjening%2Flaegeskift%2F" in response["Location"]


def test_cancelling_at_the_provider_says_so(broker):
    client = Client()
    query = start(client)
    response = client.get(
        "/log-ind/oidc/callback/",
        {"error": "access_denied", "state": query["state"]},
        follow=True,
    )
    assert "Du afbrød login med MitID" in page_text(response)


def test_a_provider_error_is_logged_with_its_code(broker, caplog):
    client = Client()
    query = start(client)
    with caplog.at_level(logging.ERROR, logger="indgang.identity.oidc"):
        response = client.get(
            "/log-ind/oidc/callback/",
            {"error": "unauthorized_client", "error_description": "no", "state": query["state"]},
            follow=True,
        )
    assert "på grund af en fejl hos os" in page_text(response)
    assert "unauthorized_client" in caplog.text
    assert "unauthorized_client" not in page_text(response)


def test_a_token_error_is_logged_with_its_code(broker, caplog):
    client = Client()
    query = start(client)
    broker.mock.post(
        f"{ISSUER}/token",
        status=401,
        json={"error": "invalid_client", "error_description": "client authentication failed"},
    )
    response = callback(client, query)
    assert "på grund af en fejl hos os" in page_text(response)
    assert "invalid_client: client authentication failed" in caplog.text


def test_no_level_of_assurance_is_refused(broker, parent_cpr, caplog):
    client = Client()
    query = start(client)
    broker.answer(broker.id_token(query["nonce"], **{"dk.cpr": parent_cpr}))
    broker.mock.get(f"{ISSUER}/userinfo", json={"sub": "person-1"})
    response = callback(client, query)
    assert "MitID fortalte ikke, hvor sikkert du loggede på" in page_text(response)
    assert "set OIDC_LOA_CLAIM" in caplog.text
    assert parent_cpr not in caplog.text


def test_a_service_asking_for_high_refuses_substantial(broker, parent_cpr):
    client = Client()
    query = start(client, level="high")
    assert query["acr_values"] == NSIS + "High"
    broker.answer(broker.id_token(query["nonce"], **claims(parent_cpr, level="Substantial")))
    broker.mock.get(f"{ISSUER}/userinfo", json={"sub": "person-1"})
    response = callback(client, query)
    assert "sikringsniveau »betydelig«, men her kræves »høj«" in page_text(response)
    assert not logged_in(client)


def test_a_missing_cpr_number_is_refused_and_logged_without_values(broker, parent_cpr, caplog):
    client = Client()
    query = start(client)
    broker.answer(broker.id_token(query["nonce"], name="Test Testesen", loa=NSIS + "High"))
    broker.mock.get(f"{ISSUER}/userinfo", json={"sub": "person-1"})
    response = callback(client, query)
    assert "MitID gav os ikke dit CPR-nummer" in page_text(response)
    assert "claims: aud, exp, iat, iss, loa, name, nonce, sub" in caplog.text
    assert "Test Testesen" not in caplog.text


def test_a_business_login_carries_the_cvr_number(broker, parent_cpr, population):
    business = population.businesses[0]
    client = Client()
    query = start(client)
    broker.answer(broker.id_token(query["nonce"]))
    broker.mock.get(
        f"{ISSUER}/userinfo",
        json={"sub": "person-1", **claims(parent_cpr, **{"dk.cvr": business.cvr})},
    )
    callback(client, query)
    session = client.session[CITIZEN_SESSION_KEY]
    # No name in the claims: the business register names it.
    assert (session["cvr"], session["business_name"]) == (business.cvr, business.name)


def test_an_invalid_cvr_number_is_refused(broker, parent_cpr):
    client = Client()
    query = start(client)
    broker.answer(broker.id_token(query["nonce"], **claims(parent_cpr, **{"dk.cvr": "12345678"})))
    broker.mock.get(f"{ISSUER}/userinfo", json={"sub": "person-1"})
    response = callback(client, query)
    assert "Log på som privatperson i stedet" in page_text(response)
    assert not logged_in(client)


def test_logging_out_sends_the_citizen_to_end_the_provider_session(broker, parent_cpr):
    client = Client()
    query = start(client)
    id_token = broker.id_token(query["nonce"], **claims(parent_cpr))
    broker.answer(id_token)
    broker.mock.get(f"{ISSUER}/userinfo", json={"sub": "person-1"})
    callback(client, query)
    response = client.post("/log-af/")
    assert response.status_code == 302
    target = urlparse(response["Location"])
    params = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{ISSUER}/logout"
    assert params["id_token_hint"] == id_token
    assert params["post_logout_redirect_uri"] == "http://testserver/log-af/afsluttet/"
    assert not logged_in(client)
    back = client.get(params["post_logout_redirect_uri"], follow=True)
    assert "Du er logget af Indgang og MitID" in page_text(back)


def test_logging_out_while_the_provider_is_down_says_what_to_do(broker, settings, parent_cpr):
    client = Client()
    query = start(client)
    broker.answer(broker.id_token(query["nonce"], **claims(parent_cpr)))
    broker.mock.get(f"{ISSUER}/userinfo", json={"sub": "person-1"})
    callback(client, query)
    settings.OIDC_PROVIDER_CHECK_SECONDS = 0
    broker.mock.replace(
        responses.GET,
        f"{ISSUER}/.well-known/openid-configuration",
        body=requests.exceptions.ConnectionError("refused"),
    )
    response = client.post("/log-af/", follow=True)
    assert "Luk din browser for at være sikker" in page_text(response)
    assert not logged_in(client)
