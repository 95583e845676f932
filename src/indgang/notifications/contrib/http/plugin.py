"""A generic HTTP SMS gateway: one JSON POST per message, authorised with an
API key. Most Danish SMS providers offer such an endpoint; the field names
are documented in docs/notifications.md.

HTTP status → result: 200/201 delivered; 202 accepted (the delivery report
comes later to the status callback, when a callback secret is set); 400, 404,
409 and 422 refused for good; anything else (401/403, 429, 5xx, time-outs)
is a failure worth retrying.
"""

from __future__ import annotations

from typing import Any

import requests
from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.urls import reverse

from indgang.core import site
from indgang.notifications.base import PermanentFailure, Sent, SmsGateway
from indgang.notifications.registry import register

TIMEOUT_SECONDS = 10
PERMANENT = {400, 404, 409, 422}


@register("http")
class HttpGateway(SmsGateway):
    def send(self, *, to: str, text: str, reference: str) -> Sent:
        payload: dict[str, Any] = {
            "to": to,
            "text": text,
            "sender": settings.SMS_SENDER,
            "reference": reference,
        }
        if settings.SMS_GATEWAY_CALLBACK_SECRET:
            payload["callback_url"] = site.public_url(reverse("notifications:sms-status"))
        response = requests.post(
            settings.SMS_GATEWAY_URL,
            json=payload,
            headers={"Authorization": f"Bearer {settings.SMS_GATEWAY_API_KEY}"},
            timeout=TIMEOUT_SECONDS,
        )
        if response.status_code in PERMANENT:
            raise PermanentFailure(f"HTTP {response.status_code}: {response.text[:300]}")
        if response.status_code not in (200, 201, 202):
            raise ConnectionError(f"HTTP {response.status_code}: {response.text[:300]}")
        try:
            body = response.json()
        except ValueError:
            body = {}
        provider_ref = str(body.get("id") or body.get("message_id") or "") if body else ""
        awaiting_report = response.status_code == 202 and bool(settings.SMS_GATEWAY_CALLBACK_SECRET)
        return Sent(provider_ref=provider_ref, delivered=not awaiting_report)

    def check(self) -> list[CheckMessage]:
        problems = []
        if not settings.SMS_GATEWAY_URL:
            problems.append("SMS_GATEWAY is http but SMS_GATEWAY_URL is not set.")
        elif not settings.SMS_GATEWAY_URL.startswith("https://") and not settings.DEBUG:
            problems.append("SMS_GATEWAY_URL must use https in production.")
        if not settings.SMS_GATEWAY_API_KEY:
            problems.append("SMS_GATEWAY is http but SMS_GATEWAY_API_KEY is not set.")
        return [Error(problem, id="indgang.notifications.E002") for problem in problems]
