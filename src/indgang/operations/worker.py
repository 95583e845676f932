"""The task worker that does not die silently (``indgang worker``).

It runs django-tasks' database queue like ``db_worker`` and adds three things:

- A transient database error in the loop (SQLite's "database is locked", a
  PostgreSQL restart) is logged and retried with a growing pause; the loop
  goes on. ``db_worker`` raised it out of its loop and, under the autoreloader,
  sat there doing nothing.
- A heartbeat: a thread writes ``WorkerHeartbeat`` every few seconds, also
  while a long task runs, so ``indgang health`` and the operations page see
  a worker that stopped.
- Lost-task recovery: a task left ``RUNNING`` by a worker whose heartbeat
  stopped longer than ``WORKER_LEASE_SECONDS`` ago (it was killed) is put back
  to ``READY`` and runs again. Tasks are written to be run again safely (a
  delivered message, a processed submission or a sent notification is not
  sent twice), so a message is delivered once even when the worker is killed
  in the middle of delivering it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import random
import socket
import threading
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from indgang.operations.models import ProcessKind, WorkerHeartbeat

logger = logging.getLogger("indgang.operations.worker")

HEARTBEAT_SECONDS = 5
RECOVER_EVERY_SECONDS = 15
MAX_BACKOFF_SECONDS = 30.0


def new_worker_id(kind: str = ProcessKind.WORKER) -> str:
    host = socket.gethostname()[:30]
    return f"{kind}-{host}-{os.getpid()}-{get_random_string(6)}"[:64]


def backoff(failures: int) -> float:
    """Seconds to pause after the n-th transient error in a row: 1, 2, 4 … 30,
    with a little jitter so several workers do not retry in step."""
    base = min(MAX_BACKOFF_SECONDS, 2.0 ** min(10, max(0, failures - 1)))
    return float(base * (0.8 + 0.4 * random.random()))


class Heartbeat:
    """Writes the process's heartbeat row every ``HEARTBEAT_SECONDS`` from a
    thread of its own (with its own database connection)."""

    def __init__(self, worker_id: str, kind: str) -> None:
        self.worker_id = worker_id
        self.kind = kind
        self.started_at = timezone.now()
        self.tasks_done = 0
        self.last_error = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def beat(self, *, stopped: bool = False) -> None:
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "kind": self.kind,
                "host": socket.gethostname()[:200],
                "pid": os.getpid(),
                "started_at": self.started_at,
                "last_beat": now,
                "stopped_at": now if stopped else None,
                "tasks_done": self.tasks_done,
                "last_error": self.last_error[:300],
            },
        )

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=HEARTBEAT_SECONDS * 2)
        try:
            self.beat(stopped=True)
        except DatabaseError:
            logger.warning("could not record that %s stopped", self.worker_id)
        finally:
            if not connection.in_atomic_block:
                connection.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.beat()
            except DatabaseError as error:
                logger.warning("heartbeat of %s not written: %s", self.worker_id, error)
            finally:
                # Hold no connection (and on SQLite no snapshot) between beats.
                connection.close()
            self._stop.wait(HEARTBEAT_SECONDS)


def recover_lost_tasks(
    *,
    lease_seconds: int | None = None,
    now: dt.datetime | None = None,
    idle_worker_id: str = "",
) -> int:
    """Put back to READY the tasks left RUNNING by a worker that stopped beating.

    A task counts as lost when the worker that claimed it last beat more than
    ``lease_seconds`` ago, or never beat at all (a ``db_worker``, or a worker
    killed before its first beat) and the task started more than
    ``lease_seconds`` ago. ``idle_worker_id`` is the calling worker, between
    tasks: a task it still holds was lost when recording its outcome failed.
    Returns how many were put back.
    """
    lease = dt.timedelta(seconds=lease_seconds or settings.WORKER_LEASE_SECONDS)
    now = now or timezone.now()
    # Heartbeats of processes gone for a week have told their story.
    WorkerHeartbeat.objects.filter(last_beat__lt=now - dt.timedelta(days=7)).delete()
    alive = set(
        WorkerHeartbeat.objects.filter(
            last_beat__gte=now - lease, stopped_at__isnull=True
        ).values_list("worker_id", flat=True)
    ) - {idle_worker_id}
    recovered = 0
    running = DBTaskResult.objects.running().values_list(
        "id", "worker_ids", "task_path", "started_at"
    )
    for task_id, worker_ids, task_path, started_at in running:
        owner = worker_ids[-1] if worker_ids else ""
        if owner in alive:
            continue
        known = owner == idle_worker_id or WorkerHeartbeat.objects.filter(worker_id=owner).exists()
        if not known and started_at is not None and started_at >= now - lease:
            continue  # a worker that has not beaten yet gets the lease to do so
        # Conditional update: two workers recovering at once put it back once.
        if DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
            status="READY", started_at=None
        ):
            recovered += 1
            logger.warning(
                "task %s (%s) was left running by worker %s, which stopped; queued again",
                task_id,
                task_path,
                owner or "unknown",
            )
    return recovered


class ResilientWorker(Worker):
    """django-tasks-db's worker with back-off on database errors, a heartbeat
    and recovery of tasks lost by dead workers."""

    def __init__(
        self,
        *,
        queue_names: list[str],
        interval: float = 1.0,
        batch: bool = False,
        max_tasks: int | None = None,
        worker_id: str | None = None,
        backend_name: str = "default",
    ) -> None:
        super().__init__(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=max_tasks,
            worker_id=worker_id or new_worker_id(),
            excluded_queue_names=[],
        )
        self.heartbeat = Heartbeat(self.worker_id, ProcessKind.WORKER)
        self.failures = 0
        self._last_recovery = 0.0
        self.sleep = time.sleep

    def run(self) -> None:
        logger.info("worker %s started (queues %s)", self.worker_id, ",".join(self.queue_names))
        self.heartbeat.start()
        try:
            while self.running:
                try:
                    ran = self.step()
                except (DatabaseError, InterfaceError) as error:
                    self.failures += 1
                    pause = backoff(self.failures)
                    self.heartbeat.last_error = f"{type(error).__name__}: {error}"
                    logger.warning(
                        "worker %s: database error (%s: %s); trying again in %.1f s",
                        self.worker_id,
                        type(error).__name__,
                        error,
                        pause,
                    )
                    self._drop_connection()
                    self.sleep(pause)
                    continue
                self.failures = 0
                if ran is None:
                    return  # --batch found nothing, or --max-tasks reached
                if not ran and self.running:
                    self.sleep(self.interval)
        finally:
            self.heartbeat.stop()

    def step(self) -> bool | None:
        """Claim and run one task. True: ran one; False: none ready; None: stop."""
        close_old_connections()
        if time.monotonic() - self._last_recovery > RECOVER_EVERY_SECONDS:
            recover_lost_tasks(idle_worker_id=self.worker_id)
            self._last_recovery = time.monotonic()
        tasks = DBTaskResult.objects.ready().filter(
            backend_name=self.backend_name, queue_name__in=self.queue_names
        )
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        if task_result is None:
            close_old_connections()
            return None if self.batch else False
        self.run_task(task_result)
        self.heartbeat.tasks_done += 1
        close_old_connections()
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            return None
        return True

    def _drop_connection(self) -> None:
        # A broken connection is opened again on the next query; inside an
        # atomic block (only ever a test's) Django would refuse to reopen it.
        if not connection.in_atomic_block:
            with contextlib.suppress(DatabaseError):
                connection.close()
