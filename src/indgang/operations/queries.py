"""Reads for the operations page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from indgang.operations.labels import job_label, task_label
from indgang.operations.models import ScheduledJob

FAILED_SHOWN_DAYS = 7
FAILED_SHOWN_MAX = 50


@dataclass(frozen=True)
class FailedTask:
    id: str
    label: str
    finished_at: dt.datetime | None
    attempts: int
    error: str


@dataclass(frozen=True)
class JobRow:
    label: str
    command: str
    last_started_at: dt.datetime | None
    last_ok: bool
    last_output: str
    next_run_at: dt.datetime


def _error_line(traceback: str, exception_class_path: str) -> str:
    """The exception's own line (last line of the traceback), not the whole trace."""
    lines = [line for line in traceback.strip().splitlines() if line.strip()]
    line = lines[-1] if lines else exception_class_path
    return line[:300]


def failed_tasks() -> list[FailedTask]:
    since = timezone.now() - dt.timedelta(days=FAILED_SHOWN_DAYS)
    rows = (
        DBTaskResult.objects.failed()
        .filter(finished_at__gte=since)
        .order_by("-finished_at")[:FAILED_SHOWN_MAX]
    )
    return [
        FailedTask(
            id=str(row.pk),
            label=task_label(row.task_path),
            finished_at=row.finished_at,
            attempts=len(row.worker_ids),
            error=_error_line(row.traceback, row.exception_class_path),
        )
        for row in rows
    ]


def scheduled_jobs() -> list[JobRow]:
    from indgang.operations.scheduler import JOBS

    commands = {job.name: str(job) for job in JOBS}
    return [
        JobRow(
            label=job_label(row.name),
            command=commands.get(row.name, ""),
            last_started_at=row.last_started_at,
            last_ok=row.last_ok,
            last_output=row.last_output[-200:],
            next_run_at=row.next_run_at,
        )
        for row in ScheduledJob.objects.all()
    ]
