"""The HTTP SMS gateway: one signed-in JSON POST per message; HTTP status
decides delivered / failed / retry; delivery reports come back signed."""

from __future__ import annotations

import json
from typing import Any

import pytest
import responses
from django.core.checks import run_checks
from django.test import Client

from indgang.notifications import services
from indgang.notifications.models import Notification
from indgang.notifications.tasks import send_notification
from indgang.notifications.views import signature

pytestmark = pytest.mark.django_db
URL = "https://sms.example.test/v1/messages"
STATUS_URL = "/api/v1/notifications/sms-status/"


@pytest.fixture
def http_gateway(settings: Any) -> None:
    settings.SMS_GATEWAY = "http"
    settings.SMS_GATEWAY_URL = URL
    settings.SMS_GATEWAY_API_KEY = "key-123"
    settings.SMS_GATEWAY_CALLBACK_SECRET = ""


def stored() -> Notification:
    return services.notify(
        channel="sms", to="20123456", template="new_message", context={}, ref="message:7"
    )


@responses.activate
def test_an_accepted_message_is_delivered_with_the_providers_reference(http_gateway: None) -> None:
    responses.post(URL, json={"id": "prov-1"}, status=201)
    notification = stored()
    assert send_notification.call(notification.pk) == "delivered"
    notification.refresh_from_db()
    assert notification.status == "delivered" and notification.provider_ref == "prov-1"
    request = responses.calls[0].request
    assert request.headers["Authorization"] == "Bearer key-123"
    sent = json.loads(request.body)
    assert sent["to"] == "+4520123456" and sent["reference"] == f"notification-{notification.pk}"
    assert sent["text"].startswith("Du har en ny besked")


@responses.activate
def test_a_server_error_is_retried_and_a_bad_request_is_not(http_gateway: None) -> None:
    responses.post(URL, body="overloaded", status=503)
    notification = stored()
    assert send_notification.call(notification.pk) == "failed"
    notification.refresh_from_db()
    assert notification.status == "failed" and "HTTP 503" in notification.error
    responses.replace(responses.POST, URL, json={"error": "bad number"}, status=422)
    assert send_notification.call(notification.pk) == "failed for good"
    notification.refresh_from_db()
    assert "HTTP 422" in notification.error and notification.attempts == 2


@responses.activate
def test_a_timeout_is_a_failure_worth_retrying(http_gateway: None) -> None:
    import requests

    responses.post(URL, body=requests.exceptions.ConnectTimeout("slow"))
    notification = stored()
    assert send_notification.call(notification.pk) == "failed"
    assert "ConnectTimeout" in Notification.objects.get().error


@responses.activate
def test_a_signed_delivery_report_completes_an_accepted_message(
    http_gateway: None, settings: Any
) -> None:
    settings.SMS_GATEWAY_CALLBACK_SECRET = "shared-secret"
    responses.post(URL, json={"id": "prov-2"}, status=202)
    notification = stored()
    assert send_notification.call(notification.pk) == "accepted"
    assert Notification.objects.get().status == "sending"
    assert json.loads(responses.calls[0].request.body)["callback_url"].endswith(
        "/api/v1/notifications/sms-status/"
    )

    def report(body: dict[str, Any], sign: bool = True) -> Any:
        raw = json.dumps(body).encode()
        headers = {"X-Indgang-Signature": signature(raw) if sign else "sha256=forged"}
        return Client().post(
            "/api/v1/notifications/sms-status/",
            raw,
            content_type="application/json",
            headers=headers,
        )

    assert report({"reference": "prov-2", "status": "delivered"}, sign=False).status_code == 403
    assert Notification.objects.get().status == "sending"
    assert report({"reference": "prov-2"}).status_code == 400
    assert report({"reference": "nobody", "status": "delivered"}).status_code == 404
    response = report({"reference": "prov-2", "status": "delivered"})
    assert response.status_code == 200 and response.json() == {"status": "delivered"}
    # The same report again changes nothing; a later "undelivered" is recorded.
    assert report({"reference": "prov-2", "status": "delivered"}).status_code == 200
    report({"reference": f"notification-{notification.pk}", "status": "failed", "error": "off"})
    assert Notification.objects.get().status == "failed"
    assert Notification.objects.get().error == "off"


def test_a_report_for_a_message_never_sent_is_refused(http_gateway: None, settings: Any) -> None:
    settings.SMS_GATEWAY_CALLBACK_SECRET = "shared-secret"
    notification = stored()
    raw = json.dumps({"reference": f"notification-{notification.pk}", "status": "delivered"})
    response = Client().post(
        "/api/v1/notifications/sms-status/",
        raw,
        content_type="application/json",
        headers={"X-Indgang-Signature": signature(raw.encode())},
    )
    assert response.status_code == 409
    assert Notification.objects.get().status == "created"


def test_the_report_endpoint_is_off_without_a_secret(http_gateway: None) -> None:
    response = Client().post(
        "/api/v1/notifications/sms-status/", "{}", content_type="application/json"
    )
    assert response.status_code == 404


def ids() -> set[str]:
    return {m.id or "" for m in run_checks(tags=["indgang"])}


def test_a_missing_url_or_key_stops_start_up(settings: Any) -> None:
    settings.SMS_GATEWAY = "http"
    settings.SMS_GATEWAY_URL = ""
    settings.SMS_GATEWAY_API_KEY = ""
    problems = [m for m in run_checks(tags=["indgang"]) if m.id == "indgang.notifications.E002"]
    assert len(problems) == 2 and "SMS_GATEWAY_URL" in problems[0].msg


def test_an_unknown_gateway_stops_start_up(settings: Any) -> None:
    settings.SMS_GATEWAY = "carrier-pigeon"
    assert "indgang.notifications.E001" in ids()
