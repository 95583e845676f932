"""Outbound webhooks: signed, retried with back-off, never twice, and never at
the cost of the case."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
import requests
import responses
from django.db import transaction
from django.utils import timezone

from indgang.cases import services, webhooks
from indgang.cases.constants import CaseState, DeliveryStatus
from indgang.cases.models import Case, WebhookDelivery, WebhookSubscription
from indgang.cases.tasks import deliver_webhook
from indgang.core.models import Team

pytestmark = pytest.mark.django_db

URL = "https://esdh.tmf.example/indgang"
SECRET = "s3cret-shared-with-the-case-system"
WASTE = "Min skraldespand er ikke blevet tømt i tre uger, hvad sker der"


@pytest.fixture
def subscription(routing):
    return WebhookSubscription.objects.create(
        name="ESDH TMF", url=URL, secret=SECRET, administration_id="tmf"
    )


def new_case(parent_cpr: str, django_capture_on_commit_callbacks, text: str = WASTE) -> Case:
    with django_capture_on_commit_callbacks(execute=True):
        return services.create_case(cpr=parent_cpr, text=text, citizen_name="Testborger")


def due(delivery: WebhookDelivery) -> int:
    """Let the back-off delay pass."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    return delivery.pk


def deliveries(event: str) -> list[WebhookDelivery]:
    return list(WebhookDelivery.objects.filter(event=event))


@responses.activate
def test_a_new_case_is_sent_signed_and_the_receiver_can_verify_it(
    subscription, parent_cpr, django_capture_on_commit_callbacks
):
    responses.post(URL, status=204)
    case = new_case(parent_cpr, django_capture_on_commit_callbacks)
    [created] = deliveries("case.created")
    assert deliver_webhook.call(created.pk) == "delivered"

    request = responses.calls[0].request
    body = request.body
    assert request.headers["X-Indgang-Event"] == "case.created"
    assert request.headers["X-Indgang-Delivery"] == str(created.event_id)
    timestamp = request.headers["X-Indgang-Timestamp"]
    signature = request.headers["X-Indgang-Signature"]
    assert signature.startswith("sha256=")
    assert webhooks.verify(SECRET, body, timestamp, signature)
    # Tampering, another secret or a replay an hour later all fail.
    assert not webhooks.verify(SECRET, body.replace(b"tmf", b"sof"), timestamp, signature)
    assert not webhooks.verify("another secret", body, timestamp, signature)
    assert not webhooks.verify(SECRET, body, timestamp, signature, now=time.time() + 3600)
    payload = json.loads(body)
    assert payload["id"] == str(created.event_id)
    assert payload["case"]["reference"] == case.reference
    assert payload["case"]["cpr"] == parent_cpr and payload["case"]["text"] == WASTE


@responses.activate
def test_a_failed_delivery_is_retried_with_growing_delays_and_then_succeeds(
    subscription, parent_cpr, django_capture_on_commit_callbacks, settings
):
    settings.CASES_WEBHOOK_BACKOFF_SECONDS = 30
    responses.post(URL, status=500, body="down for maintenance")
    responses.post(URL, status=503)
    responses.post(URL, status=200)
    new_case(parent_cpr, django_capture_on_commit_callbacks)
    [created] = deliveries("case.created")

    before = timezone.now()
    assert deliver_webhook.call(created.pk) == "pending"
    created.refresh_from_db()
    assert created.attempts == 1 and created.last_status_code == 500
    assert "down for maintenance" in created.last_error
    first_delay = created.next_attempt_at - before
    assert dt.timedelta(seconds=29) < first_delay < dt.timedelta(seconds=40)

    assert deliver_webhook.call(created.pk) == "not due"  # still waiting: nothing sent
    assert len(responses.calls) == 1
    before = timezone.now()
    assert deliver_webhook.call(due(created)) == "pending"
    created.refresh_from_db()
    assert dt.timedelta(seconds=59) < created.next_attempt_at - before < dt.timedelta(seconds=70)

    assert deliver_webhook.call(due(created)) == "delivered"
    created.refresh_from_db()
    assert (created.status, created.attempts, created.last_status_code) == ("delivered", 3, 200)
    # Every attempt carries the same event id, so the receiver can de-duplicate.
    ids = {call.request.headers["X-Indgang-Delivery"] for call in responses.calls}
    assert ids == {str(created.event_id)}


@responses.activate
def test_a_delivered_event_is_never_sent_again(
    subscription, parent_cpr, django_capture_on_commit_callbacks
):
    responses.post(URL, status=200)
    new_case(parent_cpr, django_capture_on_commit_callbacks)
    [created] = deliveries("case.created")
    assert deliver_webhook.call(created.pk) == "delivered"
    assert deliver_webhook.call(created.pk) == "already delivered"
    assert len(responses.calls) == 1


@responses.activate
def test_the_case_exists_when_the_case_system_is_down_and_a_failure_can_be_retried_by_hand(
    subscription, parent_cpr, django_capture_on_commit_callbacks, settings, admin_client
):
    settings.CASES_WEBHOOK_MAX_ATTEMPTS = 2
    responses.post(URL, body=requests.ConnectionError("connection refused"))
    case = new_case(parent_cpr, django_capture_on_commit_callbacks)
    assert Case.objects.get(pk=case.pk).state == CaseState.ROUTED
    [created] = deliveries("case.created")
    deliver_webhook.call(created.pk)
    assert deliver_webhook.call(due(created)) == "failed"
    created.refresh_from_db()
    assert created.status == DeliveryStatus.FAILED and "connection refused" in created.last_error
    assert deliver_webhook.call(created.pk) == "already failed"  # gave up: no more tries

    # Staff find it in the delivery log and retry it by hand.
    page = admin_client.get("/admin/cases/webhookdelivery/?status__exact=failed")
    assert case.reference in page.content.decode()
    responses.replace(responses.POST, URL, status=200)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/cases/webhookdelivery/",
            {"action": "retry_deliveries", "_selected_action": [created.pk]},
        )
    assert response.status_code == 302
    assert deliver_webhook.call(created.pk) == "delivered"


def test_only_the_subscribed_administrations_cases_are_sent(
    subscription, parent_cpr, django_capture_on_commit_callbacks
):
    WebhookSubscription.objects.create(
        name="SOF system", url="https://sof.example/hook", secret="x", administration_id="sof"
    )
    case = new_case(parent_cpr, django_capture_on_commit_callbacks)
    assert case.administration_id == "tmf"
    assert {d.subscription.name for d in WebhookDelivery.objects.all()} == {"ESDH TMF"}
    assert {d.event for d in WebhookDelivery.objects.all()} == {"case.created", "case.routed"}


def test_state_changes_and_transfers_are_sent_and_the_old_system_learns_only_that_it_left(
    subscription, parent_cpr, caseworker_tmf, django_capture_on_commit_callbacks
):
    sof = WebhookSubscription.objects.create(
        name="SOF system", url="https://sof.example/hook", secret="x", administration_id="sof"
    )
    case = new_case(parent_cpr, django_capture_on_commit_callbacks)
    services.transition(case, CaseState.IN_PROGRESS, actor=caseworker_tmf)
    [changed] = deliveries("case.state_changed")
    assert changed.payload["case"]["state"] == "in_progress"
    assert changed.payload["from_state"] == "routed"

    services.transfer(
        case, Team.objects.get(administration_id="sof", slug="handicap"), actor=caseworker_tmf
    )
    moved = {d.subscription_id: d.payload for d in deliveries("case.transferred")}
    assert moved[sof.pk]["case"]["cpr"] == parent_cpr
    assert "cpr" not in moved[subscription.pk]["case"]
    assert "text" not in moved[subscription.pk]["case"]
    assert moved[subscription.pk]["to"].startswith("sof/")


def test_nothing_is_sent_for_a_change_that_was_rolled_back(
    subscription, parent_cpr, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.create_case(cpr=parent_cpr, text=WASTE)
        raise RuntimeError("the request failed after the case was written")
    assert callbacks == []
    assert not WebhookDelivery.objects.exists()


def test_a_failing_router_leaves_the_case_in_triage(routing, parent_cpr, monkeypatch):
    from indgang.cases.routing import router

    def broken(*args, **kwargs):
        raise RuntimeError("model file corrupt")

    monkeypatch.setattr(router, "route", broken)
    case = services.create_case(cpr=parent_cpr, text=WASTE)
    assert Case.objects.filter(pk=case.pk, administration__isnull=True).exists()
    assert case.state == CaseState.RECEIVED


def test_the_admin_refuses_plain_http_short_secrets_and_unknown_events(routing, settings):
    from indgang.cases.admin import WebhookSubscriptionForm

    settings.DEBUG = False
    form = WebhookSubscriptionForm(
        data={
            "name": "ESDH",
            "url": "http://esdh.example/hook",
            "secret": "short",
            "administration": "tmf",
            "events": '["case.created", "case.deleted"]',
            "active": "on",
        }
    )
    assert not form.is_valid()
    assert set(form.errors) == {"url", "secret", "events"}
    form = WebhookSubscriptionForm(
        data={
            "name": "ESDH",
            "url": "https://esdh.example/hook",
            "secret": "x" * 32,
            "administration": "tmf",
            "events": '["case.created"]',
            "active": "on",
        }
    )
    assert form.is_valid(), form.errors


@responses.activate
def test_the_cron_command_picks_up_lost_and_failed_deliveries(
    subscription, parent_cpr, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    new_case(parent_cpr, django_capture_on_commit_callbacks)
    lost, failed = WebhookDelivery.objects.order_by("pk")
    WebhookDelivery.objects.filter(pk=lost.pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(hours=1)
    )
    WebhookDelivery.objects.filter(pk=failed.pk).update(status=DeliveryStatus.FAILED, attempts=8)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("cases", "webhooks", "--retry-failed", stdout=out)
    assert "re-enqueued 1 overdue and 1 failed deliveries" in out.getvalue()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (DeliveryStatus.PENDING, 0)
    responses.post(URL, status=200)
    assert deliver_webhook.call(lost.pk) == "delivered"
    assert deliver_webhook.call(failed.pk) == "delivered"
