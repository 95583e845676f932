"""Citizen-login settings are checked at start-up, each problem with its id."""

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.core.checks import run_checks

LONG_SECRET = "x" * 40


def ids():
    return {message.id for message in run_checks(tags=["indgang"])}


@pytest.fixture
def oidc(settings):
    settings.DEBUG = True
    settings.OIDC_ISSUER = "https://mitid.example.test"
    settings.OIDC_CLIENT_ID = "indgang"
    settings.OIDC_CLIENT_SECRET = LONG_SECRET
    settings.OIDC_CLIENT_AUTH_METHOD = "client_secret_basic"
    return settings


def pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def test_a_complete_configuration_passes(oidc):
    assert not {i for i in ids() if i.startswith("identity.")}


def test_no_issuer_means_no_mitid_and_no_complaint(settings):
    settings.DEBUG = True
    settings.OIDC_ISSUER = ""
    settings.OIDC_CLIENT_ID = ""
    settings.OIDC_CLIENT_SECRET = ""
    assert not {i for i in ids() if i.startswith("identity.")}


def test_client_settings_without_an_issuer_are_warned_about(oidc):
    oidc.OIDC_ISSUER = ""
    assert "identity.W001" in ids()


def test_a_missing_client_id_is_refused(oidc):
    oidc.OIDC_CLIENT_ID = ""
    assert "identity.E001" in ids()


def test_an_unknown_auth_method_is_refused(oidc):
    oidc.OIDC_CLIENT_AUTH_METHOD = "client_secret_jwt"
    assert "identity.E002" in ids()


@pytest.mark.parametrize("method", ["client_secret_basic", "client_secret_post"])
def test_a_secret_method_without_a_secret_is_refused(oidc, method):
    oidc.OIDC_CLIENT_AUTH_METHOD = method
    oidc.OIDC_CLIENT_SECRET = ""
    assert "identity.E003" in ids()


def test_a_short_secret_is_warned_about(oidc):
    oidc.OIDC_CLIENT_SECRET = "short"
    assert "identity.W002" in ids()


def test_plain_http_is_refused_in_production(oidc):
    oidc.OIDC_ISSUER = "http://mitid.example.test"
    assert "identity.E004" not in ids()
    oidc.DEBUG = False
    assert "identity.E004" in ids()


def test_private_key_jwt_needs_a_readable_key(oidc, tmp_path):
    oidc.OIDC_CLIENT_AUTH_METHOD = "private_key_jwt"
    assert "identity.E005" in ids()  # no key at all
    oidc.OIDC_PRIVATE_KEY_FILE = str(tmp_path / "missing.pem")
    assert "identity.E005" in ids()
    (tmp_path / "garbage.pem").write_text("not a key")
    oidc.OIDC_PRIVATE_KEY_FILE = str(tmp_path / "garbage.pem")
    assert "identity.E005" in ids()
    (tmp_path / "weak.pem").write_bytes(
        pem(rsa.generate_private_key(public_exponent=65537, key_size=1024))  # noqa: S505
    )
    oidc.OIDC_PRIVATE_KEY_FILE = str(tmp_path / "weak.pem")
    assert "identity.E005" in ids()
    (tmp_path / "good.pem").write_bytes(pem(ec.generate_private_key(ec.SECP256R1())))
    oidc.OIDC_PRIVATE_KEY_FILE = str(tmp_path / "good.pem")
    assert "identity.E005" not in ids()


def test_a_private_key_may_come_from_the_environment(oidc):
    oidc.OIDC_CLIENT_AUTH_METHOD = "private_key_jwt"
    key = pem(rsa.generate_private_key(public_exponent=65537, key_size=2048)).decode()
    oidc.OIDC_PRIVATE_KEY = key.replace("\n", "\\n")  # as one line in an env file
    assert "identity.E005" not in ids()
    oidc.OIDC_PRIVATE_KEY_FILE = "/also/set.pem"
    assert "identity.E005" in ids()  # one place only


@pytest.mark.parametrize("algorithms", [["RS256", "none"], ["HS256"], []])
def test_only_asymmetric_algorithms_are_allowed(oidc, algorithms):
    oidc.OIDC_SIGNING_ALGORITHMS = algorithms
    assert "identity.E006" in ids()


def test_acr_values_must_name_levels(oidc):
    oidc.OIDC_ACR_VALUES = "substantial=urn:x:substantial,high=urn:x:high"
    assert "identity.E007" not in ids()
    oidc.OIDC_ACR_VALUES = "medium=urn:x:medium"
    assert "identity.E007" in ids()


def test_negative_intervals_are_refused(oidc):
    oidc.OIDC_RETRY_AFTER_SECONDS = -1
    assert "identity.E008" in ids()


def test_scopes_must_include_openid(oidc):
    oidc.OIDC_SCOPES = "mitid ssn"
    assert "identity.E009" in ids()


def test_the_citizen_level_must_be_an_nsis_level(settings):
    settings.CITIZEN_LEVEL_OF_ASSURANCE = "medium"
    assert "identity.E010" in ids()
    settings.CITIZEN_LEVEL_OF_ASSURANCE = "low"
    assert "identity.W003" in ids()
