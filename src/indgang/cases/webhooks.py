"""Outbound webhooks to line-of-business case systems.

A service that changes a case calls ``emit`` inside its transaction: one
``WebhookDelivery`` row per subscribed case system is written together with
the change (an outbox), and the delivery task is enqueued only after commit.
So a webhook never goes out for a change that was rolled back, and a case
system that is down never stops a case from being created.

Each delivery is a POST of a JSON body, signed with HMAC-SHA256 over
``"<timestamp>." + body`` with the subscription's secret. The event id in
``X-Indgang-Delivery`` is the same on every retry: receivers use it as an
idempotency key. See docs/cases.md for how a receiver verifies a delivery.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
from typing import Any

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from indgang.cases.constants import DeliveryStatus, WebhookEvent
from indgang.cases.models import Case, WebhookDelivery, WebhookSubscription

SIGNATURE_HEADER = "X-Indgang-Signature"
TIMESTAMP_HEADER = "X-Indgang-Timestamp"
EVENT_HEADER = "X-Indgang-Event"
DELIVERY_HEADER = "X-Indgang-Delivery"
# A receiver should refuse deliveries signed longer ago than this (replays).
TOLERANCE_SECONDS = 300


def case_payload(case: Case, *, full: bool = True) -> dict[str, Any]:
    """What a case system learns about a case.

    ``full=False`` is for an administration the case has just left: it learns
    only that the case went elsewhere, not the citizen or the text.
    """
    data: dict[str, Any] = {
        "reference": case.reference,
        "state": case.state,
        "administration": case.administration_id,
        "team": case.team.slug if case.team else None,
        # The KLE topic to file the case under ("journalisering").
        "kle": case.kle or None,
        "kle_title": case.kle_title or None,
    }
    if not full:
        return data
    data.update(
        {
            "topic": case.topic.slug if case.topic else None,
            "channel": case.channel,
            "created_at": case.created_at.isoformat(),
            "deadline": case.deadline.isoformat() if case.deadline else None,
            "subject": case.subject,
            "text": case.text,
            "cpr": case.cpr or None,
            "cvr": case.cvr or None,
            "citizen_name": case.citizen_name,
            "reply_email": case.reply_email or None,
            "earlier_case": case.earlier_case.reference if case.earlier_case else None,
            "external_reference": case.external_reference or None,
        }
    )
    return data


def emit(
    case: Case,
    *events: WebhookEvent,
    administration: str | None = None,
    full: bool = True,
    extra: dict[str, Any] | None = None,
) -> list[WebhookDelivery]:
    """Record one delivery per event and active subscription of the case's (or
    the given) administration and send them after commit, in order."""
    code = administration or case.administration_id
    if not code:
        return []  # unrouted cases belong to nobody's case system yet
    deliveries = []
    subscriptions = list(
        WebhookSubscription.objects.filter(administration_id=code, active=True).order_by("pk")
    )
    for event, subscription in ((e, s) for e in events for s in subscriptions):
        if event not in subscription.events:
            continue
        delivery = WebhookDelivery(
            subscription=subscription,
            event=event,
            case_reference=case.reference,
            payload={},
            next_attempt_at=timezone.now(),
        )
        delivery.payload = {
            "id": str(delivery.event_id),
            "event": str(event),
            "occurred_at": timezone.now().isoformat(),
            "case": case_payload(case, full=full),
            **(extra or {}),
        }
        delivery.save()
        deliveries.append(delivery)
    if deliveries:
        ids = [d.pk for d in deliveries]
        transaction.on_commit(lambda: _enqueue(ids))
    return deliveries


def _enqueue(ids: list[int], run_after: dt.datetime | None = None) -> None:
    from indgang.cases.tasks import deliver_webhook

    task = deliver_webhook.using(run_after=run_after) if run_after else deliver_webhook
    for pk in ids:
        task.enqueue(pk)


def body_of(delivery: WebhookDelivery) -> bytes:
    """The exact bytes sent (and signed): the same on every attempt."""
    return json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def verify(
    secret: str,
    body: bytes,
    timestamp: str,
    signature: str,
    *,
    now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """What a receiver does: recompute the signature and check the timestamp is fresh."""
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - sent) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, sent, body), signature)


def backoff(attempts: int) -> dt.timedelta:
    """Delay before the next try after ``attempts`` failed ones: base × 2^(n−1)."""
    return dt.timedelta(seconds=settings.CASES_WEBHOOK_BACKOFF_SECONDS * 2 ** (attempts - 1))


def attempt(delivery_id: int) -> str:
    """Send one delivery once; record the outcome and schedule the next try.

    A delivered one is never sent again; a failed one only after ``retry``
    put it back to pending; a pending one only when its next attempt is due.
    """
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    if delivery.status != DeliveryStatus.PENDING:
        return f"already {delivery.status}"
    # Claim it: a second task for the same delivery (a re-enqueue by cron, two
    # workers) finds it leased and sends nothing.
    now = timezone.now()
    lease = dt.timedelta(seconds=settings.CASES_WEBHOOK_TIMEOUT_SECONDS * 3)
    claimed = (
        WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(next_attempt_at=now + lease)
    )
    if not claimed:
        return "not due"
    subscription = delivery.subscription
    body = body_of(delivery)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Indgang-Webhooks/1",
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: str(delivery.event_id),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(subscription.secret, timestamp, body),
    }
    code: int | None = None
    error = ""
    try:
        response = requests.post(
            subscription.url,
            data=body,
            headers=headers,
            timeout=settings.CASES_WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
        code = response.status_code
        if not 200 <= code < 300:
            error = f"HTTP {code}: {response.text[:200]}"
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"[:300]
    return _record(delivery.pk, code, error)


@transaction.atomic
def _record(delivery_id: int, code: int | None, error: str) -> str:
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
    delivery.attempts += 1
    delivery.last_status_code = code
    delivery.last_error = error
    if not error:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
    elif delivery.attempts >= settings.CASES_WEBHOOK_MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
        run_after = delivery.next_attempt_at
        transaction.on_commit(lambda: _enqueue([delivery_id], run_after))
    delivery.save()
    return str(delivery.status)


@transaction.atomic
def retry(deliveries: Any) -> int:
    """Staff put failed deliveries back in line (admin action or command)."""
    ids = list(
        WebhookDelivery.objects.filter(
            pk__in=[d.pk for d in deliveries], status=DeliveryStatus.FAILED
        ).values_list("pk", flat=True)
    )
    WebhookDelivery.objects.filter(pk__in=ids).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: _enqueue(ids))
    return len(ids)


def resend_overdue() -> int:
    """Enqueue pending deliveries whose next attempt is past (a lost task, a
    restarted worker): safe to run from cron, the event id keeps it idempotent."""
    ids = list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING,
            next_attempt_at__lt=timezone.now() - dt.timedelta(minutes=5),
        ).values_list("pk", flat=True)
    )
    _enqueue(ids)
    return len(ids)
