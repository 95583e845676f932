"""The worker goes on after database errors and picks up what a killed worker left."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from indgang.messaging import services as messaging
from indgang.messaging.constants import DeliveryStatus
from indgang.messaging.contrib.inbox.plugin import InboxPlugin
from indgang.messaging.models import Message
from indgang.operations.models import WorkerHeartbeat
from indgang.operations.worker import ResilientWorker, recover_lost_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: Any) -> None:
    # The worker closes a connection left in a transaction before each task;
    # in a test, that transaction is the test's own.
    monkeypatch.setattr("indgang.operations.worker.close_old_connections", lambda: None)


def worker(**kwargs: Any) -> ResilientWorker:
    result = ResilientWorker(queue_names=["default"], interval=0, **kwargs)
    result.pauses = []  # type: ignore[attr-defined]
    result.sleep = result.pauses.append  # type: ignore[attr-defined]
    # The heartbeat thread needs its own connection, which the test's open
    # transaction would block; the tests beat by hand.
    result.heartbeat.start = lambda: None  # type: ignore[method-assign]
    return result


@pytest.fixture
def reply(case: Any, caseworker_tmf: Any, django_capture_on_commit_callbacks: Any) -> Message:
    """A caseworker's reply, queued for delivery to the citizen."""
    with django_capture_on_commit_callbacks(execute=True):
        message = messaging.staff_reply(case, "Afgiften er annulleret.", actor=caseworker_tmf)
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    return message


def test_the_worker_goes_on_after_a_database_error(reply: Message, monkeypatch: Any) -> None:
    real = DBTaskResultQuerySet.get_locked
    errors = [OperationalError("disk I/O error"), OperationalError("database is locked")]

    def flaky(self: DBTaskResultQuerySet) -> Any:
        if errors:
            raise errors.pop(0)
        return real(self)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", flaky)
    w = worker(max_tasks=1)
    w.run()

    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.DELIVERED
    assert len(w.pauses) == 2 and 0.5 < w.pauses[0] < w.pauses[1]  # type: ignore[attr-defined]
    beat = WorkerHeartbeat.objects.get(worker_id=w.worker_id)
    assert beat.tasks_done == 1 and "database is locked" in beat.last_error
    assert beat.stopped_at is not None


def test_a_message_whose_worker_was_killed_mid_delivery_is_delivered_once(
    reply: Message, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    deliveries: list[str] = []
    deliver = InboxPlugin.deliver

    def counted(self: InboxPlugin, message: Message) -> str:
        deliveries.append(str(message.pk))
        return deliver(self, message)

    monkeypatch.setattr(InboxPlugin, "deliver", counted)
    # A worker claimed the delivery, marked the message "sending" and was
    # killed: its heartbeat stopped two minutes ago.
    task = DBTaskResult.objects.get()
    task.claim("worker-killed")
    WorkerHeartbeat.objects.create(
        worker_id="worker-killed",
        host="demo",
        pid=4242,
        started_at=timezone.now() - dt.timedelta(minutes=10),
        last_beat=timezone.now() - dt.timedelta(minutes=2),
    )
    Message.objects.filter(pk=reply.pk).update(
        delivery_status=DeliveryStatus.SENDING, delivery_attempts=1
    )

    # A worker started again picks it up, without cron.
    with django_capture_on_commit_callbacks(execute=True):
        worker(batch=True).run()

    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.DELIVERED
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and len(task.worker_ids) == 2
    assert deliveries == [str(reply.pk)]

    # Nothing delivers it a second time: not the worker, not the redelivery job.
    with django_capture_on_commit_callbacks(execute=True):
        assert messaging.enqueue_stalled(timezone.now() + dt.timedelta(hours=1)) == 0
        worker(batch=True).run()
    assert deliveries == [str(reply.pk)]
    assert DBTaskResult.objects.count() == 1


def test_a_task_of_a_worker_that_still_beats_is_left_alone(reply: Message) -> None:
    task = DBTaskResult.objects.get()
    task.claim("worker-busy")
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - dt.timedelta(minutes=30)
    )
    WorkerHeartbeat.objects.create(
        worker_id="worker-busy",
        host="demo",
        pid=4243,
        started_at=timezone.now() - dt.timedelta(hours=1),
        last_beat=timezone.now() - dt.timedelta(seconds=5),
    )
    assert recover_lost_tasks() == 0
    task.refresh_from_db()
    assert task.status == "RUNNING"


def test_a_task_claimed_by_a_worker_that_never_beat_is_recovered_after_the_lease(
    reply: Message,
) -> None:
    task = DBTaskResult.objects.get()
    task.claim("db-worker-without-heartbeat")
    assert recover_lost_tasks() == 0  # it may still be starting
    later = timezone.now() + dt.timedelta(minutes=2)
    assert recover_lost_tasks(now=later) == 1
    task.refresh_from_db()
    assert task.status == "READY"
