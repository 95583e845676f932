"""Periodic work without cron (``indgang scheduler``).

Each job is one of the documented commands (docs/operations.md) at an
interval. The scheduler claims a due job with one conditional UPDATE of its
``ScheduledJob`` row, so several schedulers (or a scheduler and an operator
running it by hand) run a due job once. A failing job is recorded and tried
again at its next time; the loop goes on. Production may use cron instead:
the commands are the same.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, InterfaceError, close_old_connections, connection
from django.db.models import F
from django.utils import timezone

from indgang.operations.models import ProcessKind, ScheduledJob
from indgang.operations.worker import Heartbeat, backoff, new_worker_id

logger = logging.getLogger("indgang.operations.scheduler")

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


@dataclass(frozen=True)
class Job:
    name: str
    every_seconds: int
    command: tuple[str, ...]

    def __str__(self) -> str:
        return "indgang " + " ".join(self.command)


JOBS: tuple[Job, ...] = (
    Job("appointment-reminders", 5 * MINUTE, ("appointments", "reminders")),
    Job("selfservice-housekeeping", HOUR, ("selfservice", "housekeeping")),
    Job("webhook-retries", 10 * MINUTE, ("cases", "webhooks")),
    Job("message-redelivery", 10 * MINUTE, ("messaging", "redeliver")),
    Job("file-rescan", 15 * MINUTE, ("files", "rescan")),
    Job("case-purge", DAY, ("cases", "purge")),
    Job("message-purge", DAY, ("messaging", "purge")),
    Job("contact-partitions", DAY, ("contacts", "partitions")),
    Job("task-results-prune", DAY, ("prune_db_task_results", "--min-age-days", "14")),
)


def _run(job: Job) -> tuple[bool, str]:
    out = io.StringIO()
    try:
        call_command(*job.command, stdout=out, stderr=out)
    except (CommandError, SystemExit) as error:
        # e.g. `files rescan` exits 1 while files wait for the scanner: a
        # finding to show, not a crash.
        return False, (out.getvalue() + str(error)).strip()
    return True, out.getvalue().strip()


def run_due(
    now: dt.datetime | None = None,
    jobs: tuple[Job, ...] = JOBS,
    runner: Callable[[Job], tuple[bool, str]] = _run,
) -> list[str]:
    """Run every job whose time has come, each once; returns their names."""
    now = now or timezone.now()
    ran = []
    for job in jobs:
        # A new job is due at once.
        ScheduledJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
        claimed = ScheduledJob.objects.filter(name=job.name, next_run_at__lte=now).update(
            next_run_at=now + dt.timedelta(seconds=job.every_seconds), last_started_at=now
        )
        if not claimed:
            continue
        try:
            ok, output = runner(job)
        except (DatabaseError, InterfaceError):
            raise  # the loop backs off; the job runs at its next time
        except Exception as error:  # one broken job must not stop the others
            logger.exception("scheduled job %s failed", job.name)
            ok, output = False, f"{type(error).__name__}: {error}"
        if not ok:
            logger.warning("scheduled job %s (%s): %s", job.name, job, output[-300:])
        ScheduledJob.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(),
            last_ok=ok,
            last_output=output[-500:],
            runs=F("runs") + 1,
        )
        ran.append(job.name)
    return ran


class Scheduler:
    def __init__(self, *, interval: float = 10.0, once: bool = False) -> None:
        self.interval = interval
        self.once = once
        self.worker_id = new_worker_id(ProcessKind.SCHEDULER)
        self.heartbeat = Heartbeat(self.worker_id, ProcessKind.SCHEDULER)
        self.sleep = time.sleep

    def run(self) -> None:
        logger.info("scheduler %s started", self.worker_id)
        self.heartbeat.start()
        failures = 0
        try:
            while True:
                close_old_connections()
                try:
                    ran = run_due()
                except (DatabaseError, InterfaceError) as error:
                    failures += 1
                    pause = backoff(failures)
                    self.heartbeat.last_error = f"{type(error).__name__}: {error}"
                    logger.warning(
                        "scheduler: database error (%s); trying again in %.1f s", error, pause
                    )
                    if not connection.in_atomic_block:
                        connection.close()
                    self.sleep(pause)
                    continue
                failures = 0
                self.heartbeat.tasks_done += len(ran)
                connection.close()
                if self.once:
                    return
                self.sleep(self.interval)
        finally:
            self.heartbeat.stop()
