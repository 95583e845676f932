"""MitID login end to end against a real OpenID provider (node-oidc-provider,
started locally by the ``oidc_provider`` fixture), in a real browser, with
axe-core on every page visited — Indgang's and the provider's."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from playwright.sync_api import expect

from indgang.core.browser import assert_accessible
from indgang.identity.tests.conftest import NSIS, PASSWORD

pytestmark = pytest.mark.browser

RESERVED_SECRET = "p+a/s=s%w&o:r+d/==%2B&&::++//%%-0123456789abcdef"


def open_mitid(page, next_url="/min-side/"):
    """From Indgang's login page to the provider's, checking both."""
    page.goto(f"/log-ind/?next={next_url}")
    assert_accessible(page)
    page.get_by_role("link", name="MitID", exact=True).click()


def log_in_at_provider(page, username="borger"):
    expect(page.get_by_role("heading", name="Log på med test-MitID")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Bruger-id").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()


def before_the_callback(page, change):
    """Let ``change(url)`` act on the provider's answer before the browser takes
    it to Indgang's callback.

    Playwright routes only the first request of a redirect chain, so the login
    form's POST is routed and the provider's redirects followed here, with the
    browser's cookies, until the one that leads to the callback.
    """

    def handle(route):
        response = route.fetch(max_redirects=0)
        while "/log-ind/oidc/callback/" not in response.headers.get("location", ""):
            assert response.status in (302, 303), response.status
            response = page.context.request.get(
                urljoin(response.url, response.headers["location"]), max_redirects=0
            )
        route.fulfill(status=303, headers={"Location": change(response.headers["location"])})

    page.route(re.compile(r"/interaction/[^/]+/login$"), handle)


def expect_logged_in(page, citizen):
    page.wait_for_url("**/min-side/")
    expect(page.get_by_test_id("logged-in-name")).to_have_text(citizen.name)
    assert_accessible(page)


def expect_refused(page, message):
    page.wait_for_url(re.compile(r"/log-ind/"))
    expect(page.get_by_role("status").filter(has_text=message)).to_be_visible()
    assert_accessible(page)
    page.goto("/min-side/")
    page.wait_for_url(re.compile(r"/log-ind/\?next="))


@pytest.mark.parametrize("claims_in", ["userinfo", "id_token"])
def test_it_logs_in_with_claims_in_userinfo_only_or_in_the_id_token_only(
    page, oidc_provider, oidc_citizen, claims_in
):
    oidc_provider.start(claims_in=claims_in)
    open_mitid(page)
    log_in_at_provider(page)
    expect_logged_in(page, oidc_citizen)


@pytest.mark.parametrize("method", ["client_secret_basic", "client_secret_post", "private_key_jwt"])
def test_it_logs_in_with_each_client_authentication_method(
    page, settings, tmp_path, live_server, oidc_provider, oidc_citizen, method
):
    client = {**oidc_provider.config["client"], "token_endpoint_auth_method": method}
    if method == "private_key_jwt":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = tmp_path / "indgang-oidc.pem"
        pem.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        settings.OIDC_PRIVATE_KEY_FILE = str(pem)
        settings.OIDC_CLIENT_SECRET = ""
        # The provider fetches Indgang's public key from Indgang, as a broker would.
        client.pop("client_secret")
        client["jwks_uri"] = f"{live_server.url}/log-ind/oidc/jwks.json"
    settings.OIDC_CLIENT_AUTH_METHOD = method
    oidc_provider.start(client=client)
    open_mitid(page)
    log_in_at_provider(page)
    expect_logged_in(page, oidc_citizen)


@pytest.mark.parametrize("method", ["client_secret_basic", "client_secret_post"])
def test_a_secret_full_of_reserved_characters_works(
    page, settings, oidc_provider, oidc_citizen, method
):
    settings.OIDC_CLIENT_AUTH_METHOD = method
    settings.OIDC_CLIENT_SECRET = RESERVED_SECRET
    client = {
        **oidc_provider.config["client"],
        "token_endpoint_auth_method": method,
        "client_secret": RESERVED_SECRET,
    }
    oidc_provider.start(client=client)
    open_mitid(page)
    log_in_at_provider(page)
    expect_logged_in(page, oidc_citizen)


def test_a_wrong_secret_tells_the_citizen_the_fault_is_ours(page, settings, oidc_provider, caplog):
    settings.OIDC_CLIENT_SECRET = RESERVED_SECRET + "-old"
    oidc_provider.start()
    open_mitid(page)
    log_in_at_provider(page)
    expect_refused(page, "på grund af en fejl hos os")
    assert "invalid_client" in caplog.text


def test_logging_in_again_after_the_provider_rotated_its_signing_key(
    page, oidc_provider, oidc_citizen
):
    oidc_provider.start(signing_key_id="key-1")
    open_mitid(page)
    log_in_at_provider(page)
    expect_logged_in(page, oidc_citizen)
    page.context.clear_cookies()
    # Same provider, new key: Indgang has key-1 cached and must fetch key-2.
    oidc_provider.start(signing_key_id="key-2")
    open_mitid(page)
    log_in_at_provider(page)
    expect_logged_in(page, oidc_citizen)


def test_the_provider_down_at_the_start_gives_a_clear_page_and_recovers(
    page, oidc_provider, oidc_citizen
):
    oidc_provider.start()
    # The discovery document is cached by a first visit...
    open_mitid(page)
    expect(page.get_by_role("heading", name="Log på med test-MitID")).to_be_visible()
    # ...then the provider goes down: no dead address, a clear page.
    oidc_provider.stop()
    open_mitid(page)
    expect_refused(page, "MitID kan ikke nås lige nu")
    # It comes back: once the retry interval has passed, login works again.
    oidc_provider.start()
    page.wait_for_timeout(1100)
    open_mitid(page)
    log_in_at_provider(page)
    expect_logged_in(page, oidc_citizen)


def test_the_provider_down_at_the_callback_gives_a_clear_page(page, oidc_provider):
    oidc_provider.start()

    def provider_dies(callback_url):
        oidc_provider.stop()
        return callback_url

    before_the_callback(page, provider_dies)
    open_mitid(page)
    log_in_at_provider(page)
    expect_refused(page, "MitID holdt op med at svare")


def test_a_login_at_too_low_a_level_of_assurance_is_refused(page, oidc_provider):
    oidc_provider.start(acr=NSIS + "Low")
    open_mitid(page)
    log_in_at_provider(page)
    expect_refused(page, "sikringsniveau »lav«, men her kræves »betydelig«")


def test_a_tampered_state_is_refused(page, oidc_provider):
    oidc_provider.start()
    before_the_callback(page, lambda url: re.sub(r"state=[^&]+", "state=forged", url))
    open_mitid(page)
    log_in_at_provider(page)
    expect_refused(page, "Dit login er udløbet eller blev startet i et andet vindue")


def test_cancelling_at_the_provider_says_so(page, oidc_provider):
    oidc_provider.start()
    open_mitid(page)
    expect(page.get_by_role("heading", name="Log på med test-MitID")).to_be_visible()
    page.get_by_role("button", name="Afbryd").click()
    expect_refused(page, "Du afbrød login med MitID")


def test_logging_out_ends_the_provider_session_too(page, oidc_provider, oidc_citizen):
    oidc_provider.start()
    open_mitid(page)
    log_in_at_provider(page)
    expect_logged_in(page, oidc_citizen)
    # While the provider's session lives, MitID logs the citizen straight in.
    open_mitid(page)
    expect_logged_in(page, oidc_citizen)

    page.get_by_role("button", name="Log af").click()
    expect(page.get_by_role("heading", name="Vil du logge af test-MitID?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, log mig af").click()
    page.wait_for_url(re.compile(r"^[^?]*/$"))
    expect(
        page.get_by_role("status").filter(has_text="Du er logget af Indgang og MitID")
    ).to_be_visible()
    assert_accessible(page)

    # The provider asks again: its session ended too.
    open_mitid(page)
    log_in_at_provider(page)
    expect_logged_in(page, oidc_citizen)


def test_a_business_login_acts_for_the_business(page, oidc_provider, live_population):
    business = min(live_population.businesses, key=lambda b: b.cvr)
    oidc_provider.start()
    open_mitid(page)
    log_in_at_provider(page, username="erhverv")
    page.wait_for_url("**/min-side/")
    expect(page.get_by_test_id("logged-in-name")).to_contain_text(
        f"{business.name}, CVR {business.cvr}"
    )
    assert_accessible(page)
