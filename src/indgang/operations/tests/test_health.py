"""`indgang health`: exit status 1 and a reason when background work is unhealthy."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from indgang.operations.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def beat(seconds_ago: float = 1) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id="worker-a",
        defaults={
            "host": "demo",
            "pid": 11,
            "started_at": now - dt.timedelta(hours=1),
            "last_beat": now - dt.timedelta(seconds=seconds_ago),
        },
    )


def health(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("health", *args, stdout=out)
    except SystemExit as exit:
        return int(exit.code or 0), out.getvalue()
    return 0, out.getvalue()


def task(status: str, **fields: Any) -> DBTaskResult[Any, Any]:
    row = DBTaskResult.objects.create(
        args_kwargs={"args": ["x"], "kwargs": {}},
        task_path="indgang.messaging.tasks.deliver_message",
        backend_name="default",
        run_after=dt.datetime(9999, 1, 1, tzinfo=dt.UTC),
        status=status,
    )
    DBTaskResult.objects.filter(pk=row.pk).update(**fields)
    return row


def test_healthy_with_a_beating_worker_and_an_empty_queue() -> None:
    beat()
    code, out = health()
    assert code == 0 and out.strip().endswith("healthy")


def test_unhealthy_without_a_worker_heartbeat_for_a_minute() -> None:
    beat(seconds_ago=61)
    code, out = health()
    assert code == 1
    assert "FAIL worker" in out and "no worker heartbeat in the last 60 s" in out


def test_unhealthy_when_a_ready_task_has_waited_over_two_minutes() -> None:
    beat()
    task("READY", enqueued_at=timezone.now() - dt.timedelta(minutes=3))
    code, out = health()
    assert code == 1 and "FAIL queue" in out and "1 ready, oldest waiting 180 s" in out


def test_a_deferred_task_waits_from_its_run_after_time() -> None:
    beat()
    task(
        "READY",
        enqueued_at=timezone.now() - dt.timedelta(hours=1),
        run_after=timezone.now() + dt.timedelta(minutes=10),
    )
    assert health()[0] == 0


def test_unhealthy_after_a_failed_task_in_the_last_hour_as_json() -> None:
    beat()
    task("FAILED", finished_at=timezone.now() - dt.timedelta(minutes=5))
    code, out = health("--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    checks = {c["name"]: c["ok"] for c in report["checks"]}
    assert checks == {"worker": True, "queue": True, "failed_tasks": False, "virus_scanner": True}
    assert report["queue"]["failed_last_hour"] == 1
    assert report["workers"][0]["alive"] is True


def test_unhealthy_when_the_virus_scanner_cannot_be_reached(settings: Any) -> None:
    beat()
    settings.VIRUS_SCANNER = "clamd"
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST = "127.0.0.1"
    settings.CLAMD_PORT = 9  # nothing listens on discard
    code, out = health()
    assert code == 1 and "FAIL virus_scanner" in out
