"""Delivery through the Digital Post plugins: status, retries, SF1601 with mocked HTTP."""

from __future__ import annotations

import datetime as dt

import pytest
import responses
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.core.checks import CheckMessage, run_checks
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from indgang.messaging import services
from indgang.messaging.constants import DeliveryStatus
from indgang.messaging.models import Message
from indgang.messaging.tasks import deliver_message

pytestmark = pytest.mark.django_db

SAML_URL = (
    "https://n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime/api/rest/wstrust/v1/issue"
)
TOKEN_URL = "https://exttest.serviceplatformen.dk/service/AccessTokenService_1/token"
MEMOS_URL = "https://exttest.serviceplatformen.dk/service/KombiPostAfsend_1/memos"


@pytest.fixture
def certificate(tmp_path):
    """A self-signed organisation certificate with its key, in one PEM file."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Indgang test (FOCES)")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / "organisation.pem"
    path.write_bytes(
        cert.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(path)


@pytest.fixture
def sf1601(settings, certificate):
    settings.MESSAGING_DIGITAL_POST = "sf1601"
    settings.MESSAGING_SF1601_CERTIFICATE = certificate
    settings.MESSAGING_SF1601_TEST = True


def _tokens(mocked: responses.RequestsMock) -> None:
    mocked.post(
        SAML_URL,
        json={
            "RequestedSecurityToken": {"Assertion": "<saml:Assertion/>"},
            "Lifetime": "12/31/2099 23:00:00",
        },
    )
    mocked.post(
        TOKEN_URL, json={"token_type": "Holder-of-key", "access_token": "t0k3n", "expires_in": 3600}
    )


def test_sf1601_sends_the_memo_message_to_kombipostafsend(case, caseworker_tmf, sf1601):
    message = services.staff_reply(case, "Svar via Digital Post", actor=caseworker_tmf)
    with responses.RequestsMock() as mocked:
        _tokens(mocked)
        mocked.post(MEMOS_URL, status=200)
        assert deliver_message.call(str(message.pk)) == "delivered"
        sent = mocked.calls[-1].request
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.DELIVERED
    assert message.delivery_plugin == "sf1601"
    assert message.delivery_ref == sent.headers["X-TransaktionsId"]
    assert sent.headers["authorization"] == "Holder-of-key t0k3n"
    body = sent.body.decode() if isinstance(sent.body, bytes) else sent.body
    assert "<KombiValgKode>Digital Post</KombiValgKode>" in body
    assert f"<memo:recipientID>{case.cpr}</memo:recipientID>" in body
    assert "<memo:senderID>64942212</memo:senderID>" in body
    assert str(message.memo_uuid) in body


def test_a_failed_delivery_is_recorded_and_retried_later(case, caseworker_tmf, sf1601):
    message = services.staff_reply(case, "Svar", actor=caseworker_tmf)
    with responses.RequestsMock() as mocked:
        _tokens(mocked)
        mocked.post(MEMOS_URL, status=503)
        assert deliver_message.call(str(message.pk)) == "failed"
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.FAILED
    assert "503" in message.delivery_error
    assert message.delivery_attempts == 1
    retry = DBTaskResult.objects.get(task_path__endswith="deliver_message")
    assert retry.args_kwargs["args"] == [str(message.pk)]
    assert retry.run_after > timezone.now()

    with responses.RequestsMock() as mocked:
        # The access token from the first attempt is still valid and reused.
        mocked.post(MEMOS_URL, status=200)
        assert deliver_message.call(str(message.pk)) == "delivered"
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.DELIVERED
    assert message.delivery_attempts == 2 and message.delivery_error == ""
    # Delivered once: a late retry sends nothing.
    assert deliver_message.call(str(message.pk)) == "already delivered"


def test_retries_stop_after_the_configured_attempts(case, caseworker_tmf, settings):
    settings.MESSAGING_DIGITAL_POST = "sf1601"
    settings.MESSAGING_SF1601_CERTIFICATE = "/nonexistent/organisation.pem"
    settings.MESSAGING_DELIVERY_ATTEMPTS = 2
    message = services.staff_reply(case, "Svar", actor=caseworker_tmf)
    assert deliver_message.call(str(message.pk)) == "failed"
    assert deliver_message.call(str(message.pk)) == "failed"
    message.refresh_from_db()
    assert "/nonexistent/organisation.pem" in message.delivery_error
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_message").count() == 1


def digital_post_checks() -> list[CheckMessage]:
    return [m for m in run_checks(tags=["indgang"]) if (m.id or "").startswith("messaging.")]


def test_a_missing_certificate_fails_the_configuration_check_loudly(settings):
    settings.MESSAGING_DIGITAL_POST = "sf1601"
    settings.MESSAGING_SF1601_CERTIFICATE = "/etc/indgang/missing.pem"
    errors = digital_post_checks()
    assert [e.id for e in errors] == ["messaging.E003"]
    assert "/etc/indgang/missing.pem" in errors[0].msg
    settings.MESSAGING_SF1601_CERTIFICATE = ""
    assert "MESSAGING_SF1601_CERTIFICATE is not set" in digital_post_checks()[0].msg


def test_the_configuration_check_names_unknown_plugins_and_bad_cvr_numbers(settings):
    assert digital_post_checks() == []
    settings.MESSAGING_DIGITAL_POST = "eboks"
    settings.MESSAGING_SENDER_CVR = "6494"
    assert sorted(e.id for e in digital_post_checks()) == ["messaging.E001", "messaging.E002"]


def test_the_demo_plugin_refuses_a_memo_message_for_someone_else(case, caseworker_tmf, other_cpr):
    message = services.staff_reply(case, "Svar", actor=caseworker_tmf)
    Message.objects.filter(pk=message.pk).update(
        memo_xml=message.memo_xml.replace(case.cpr, other_cpr)
    )
    assert deliver_message.call(str(message.pk)) == "failed"
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.FAILED
    assert "not the owner" in message.delivery_error


def test_staff_can_send_a_failed_message_again(case, caseworker_tmf, tmf_client, settings):
    settings.MESSAGING_DIGITAL_POST = "sf1601"
    settings.MESSAGING_SF1601_CERTIFICATE = "/nonexistent.pem"
    settings.MESSAGING_DELIVERY_ATTEMPTS = 1
    message = services.staff_reply(case, "Svar", actor=caseworker_tmf)
    deliver_message.call(str(message.pk))
    page = tmf_client.get(f"/medarbejder/sager/{case.reference}/").content.decode()
    assert "Digital Post: Fejlet" in page and "Send igen" in page

    settings.MESSAGING_DIGITAL_POST = "inbox"
    response = tmf_client.post(
        f"/medarbejder/sager/{case.reference}/beskeder/{message.pk}/send-igen/"
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.CREATED
    assert deliver_message.call(str(message.pk)) == "delivered"


def test_the_redeliver_command_picks_up_messages_a_crashed_worker_left_behind(
    case, caseworker_tmf, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    stuck = services.staff_reply(case, "Svar", actor=caseworker_tmf)
    Message.objects.filter(pk=stuck.pk).update(
        delivery_status=DeliveryStatus.SENDING, created_at=timezone.now() - dt.timedelta(hours=1)
    )
    services.staff_reply(case, "Et nyere svar", actor=caseworker_tmf)  # not stalled yet
    with django_capture_on_commit_callbacks(execute=True):
        call_command("messaging", "redeliver", "--minutes", "30")
    queued = DBTaskResult.objects.filter(task_path__endswith="deliver_message")
    assert [r.args_kwargs["args"] for r in queued] == [[str(stuck.pk)]]
    assert deliver_message.call(str(stuck.pk)) == "delivered"
