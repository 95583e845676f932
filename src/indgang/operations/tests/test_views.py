"""The operations page: administrators see the queue, workers and failed tasks,
and retry a failed task; everyone else is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from indgang.conftest import make_staff, staff_client
from indgang.core.models import AuditEntry
from indgang.operations.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db

TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "tasks.py", line 1, in deliver_message\n'
    "indgang.messaging.base.DeliveryFailed: the MeMo recipient is not the owner of the thread\n"
)


@pytest.fixture
def administrator(population: Any) -> User:
    return make_staff("ida_okf", "okf", ["administrator"], None)


@pytest.fixture
def failed_task() -> DBTaskResult[Any, Any]:
    row = DBTaskResult.objects.create(
        args_kwargs={"args": ["00000000-0000-0000-0000-000000000000"], "kwargs": {}},
        task_path="indgang.messaging.tasks.deliver_message",
        backend_name="default",
        run_after=dt.datetime(9999, 1, 1, tzinfo=dt.UTC),
        status="FAILED",
        exception_class_path="indgang.messaging.base.DeliveryFailed",
        traceback=TRACEBACK,
        worker_ids=["worker-a"],
    )
    DBTaskResult.objects.filter(pk=row.pk).update(finished_at=timezone.now())
    WorkerHeartbeat.objects.create(
        worker_id="worker-a",
        host="drift-01",
        pid=4711,
        started_at=timezone.now() - dt.timedelta(hours=1),
        last_beat=timezone.now(),
        tasks_done=12,
    )
    return row


def test_an_administrator_sees_queue_workers_and_failed_tasks(
    administrator: User, failed_task: Any
) -> None:
    page = staff_client(administrator).get("/medarbejder/drift/").content.decode()
    assert "Drift" in page and "Opgaver i kø" in page
    assert "drift-01 · 4711" in page and "kører" in page
    assert "Levering af en besked" in page
    assert "DeliveryFailed: the MeMo recipient is not the owner of the thread" in page
    assert "Prøv igen" in page
    assert "indgang.messaging.tasks" not in page  # no code paths on screen
    home = staff_client(administrator).get("/medarbejder/").content.decode()
    assert "/medarbejder/drift/" in home


def test_retrying_a_failed_task_queues_it_again_and_is_audited(
    administrator: User, failed_task: Any
) -> None:
    client = staff_client(administrator)
    response = client.post(f"/medarbejder/drift/opgaver/{failed_task.pk}/proev-igen/")
    assert response.status_code == 302
    failed_task.refresh_from_db()
    assert failed_task.status == "READY" and failed_task.traceback == ""
    entry = AuditEntry.objects.get(object_ref=str(failed_task.pk))
    assert entry.actor == administrator and "Levering af en besked" in entry.what
    page = client.get("/medarbejder/drift/").content.decode()
    assert "Opgaven er sat i kø igen" in page and "Ingen fejlede opgaver." in page

    # A task that is no longer failed cannot be retried twice.
    client.post(f"/medarbejder/drift/opgaver/{failed_task.pk}/proev-igen/")
    assert AuditEntry.objects.filter(object_ref=str(failed_task.pk)).count() == 1


def test_a_caseworker_is_refused(caseworker_tmf: User, failed_task: Any) -> None:
    client = staff_client(caseworker_tmf)
    assert client.get("/medarbejder/drift/").status_code == 403
    response = client.post(f"/medarbejder/drift/opgaver/{failed_task.pk}/proev-igen/")
    assert response.status_code == 403
    failed_task.refresh_from_db()
    assert failed_task.status == "FAILED"
    assert "/medarbejder/drift/" not in client.get("/medarbejder/").content.decode()


def test_anonymous_visitors_are_sent_to_the_staff_login(failed_task: Any) -> None:
    from django.test import Client

    response = Client().get("/medarbejder/drift/")
    assert response.status_code == 302 and "/medarbejder/log-ind/" in response["Location"]


def test_retry_needs_post(administrator: User, failed_task: Any) -> None:
    client = staff_client(administrator)
    assert client.get(f"/medarbejder/drift/opgaver/{failed_task.pk}/proev-igen/").status_code == 405
