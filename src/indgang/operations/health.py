"""Is the background machinery working? (``indgang health``, the operations page)

Unhealthy when no worker has beaten for ``HEALTH_HEARTBEAT_SECONDS``, a ready
task has waited longer than ``HEALTH_QUEUE_WAIT_SECONDS``, a task failed in
the last hour, or the virus scanner cannot be reached.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from indgang.core.virusscan import scanner
from indgang.operations.models import ProcessKind, WorkerHeartbeat


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class Health:
    checked_at: dt.datetime
    checks: list[Check] = field(default_factory=list)
    queue_depth: int = 0
    oldest_ready_at: dt.datetime | None = None
    running: int = 0
    failed_last_hour: int = 0
    workers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def as_json(self) -> dict[str, Any]:
        def when(value: dt.datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "ok": self.ok,
            "checked_at": when(self.checked_at),
            "checks": [asdict(check) for check in self.checks],
            "queue": {
                "ready": self.queue_depth,
                "oldest_ready_since": when(self.oldest_ready_at),
                "running": self.running,
                "failed_last_hour": self.failed_last_hour,
            },
            "workers": [
                {**worker, "last_beat": when(worker["last_beat"])} for worker in self.workers
            ],
        }


def queue_state(now: dt.datetime) -> tuple[int, dt.datetime | None]:
    """How many tasks are ready to run, and since when the oldest has waited
    (since it was enqueued, or since its run-after time came)."""
    ready = DBTaskResult.objects.filter(status="READY")
    undeferred = ready.filter(run_after=get_date_max())
    deferred = ready.exclude(run_after=get_date_max()).filter(run_after__lte=now)
    count = undeferred.count() + deferred.count()
    candidates = [
        undeferred.aggregate(at=Min("enqueued_at"))["at"],
        deferred.aggregate(at=Min("run_after"))["at"],
    ]
    return count, min((c for c in candidates if c is not None), default=None)


def check(now: dt.datetime | None = None) -> Health:
    now = now or timezone.now()
    health = Health(checked_at=now)

    beat_window = dt.timedelta(seconds=settings.HEALTH_HEARTBEAT_SECONDS)
    beats = list(WorkerHeartbeat.objects.filter(last_beat__gte=now - dt.timedelta(days=1)))
    for beat in beats:
        health.workers.append(
            {
                "worker_id": beat.worker_id,
                "kind": beat.kind,
                "host": beat.host,
                "pid": beat.pid,
                "last_beat": beat.last_beat,
                "alive": beat.stopped_at is None and beat.last_beat >= now - beat_window,
                "tasks_done": beat.tasks_done,
                "last_error": beat.last_error,
            }
        )
    live = [w for w in health.workers if w["alive"] and w["kind"] == ProcessKind.WORKER]
    health.checks.append(
        Check(
            "worker",
            bool(live),
            f"{len(live)} worker(s) beating"
            if live
            else f"no worker heartbeat in the last {settings.HEALTH_HEARTBEAT_SECONDS} s",
        )
    )

    health.queue_depth, health.oldest_ready_at = queue_state(now)
    limit = dt.timedelta(seconds=settings.HEALTH_QUEUE_WAIT_SECONDS)
    waited = now - health.oldest_ready_at if health.oldest_ready_at else dt.timedelta(0)
    health.checks.append(
        Check(
            "queue",
            waited <= limit,
            f"{health.queue_depth} ready, oldest waiting {int(waited.total_seconds())} s",
        )
    )
    health.running = DBTaskResult.objects.running().count()

    health.failed_last_hour = (
        DBTaskResult.objects.failed().filter(finished_at__gte=now - dt.timedelta(hours=1)).count()
    )
    health.checks.append(
        Check(
            "failed_tasks",
            health.failed_last_hour == 0,
            f"{health.failed_last_hour} task(s) failed in the last hour",
        )
    )

    try:
        problems = [message.msg for message in scanner().check()]
    except Exception as error:  # a plugin that cannot even be asked is unreachable
        problems = [f"{type(error).__name__}: {error}"]
    health.checks.append(
        Check(
            "virus_scanner",
            not problems,
            "; ".join(problems) or f"{settings.VIRUS_SCANNER} answers",
        )
    )

    return health
