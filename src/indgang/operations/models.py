"""What the background processes report about themselves.

A worker (``indgang worker``) and the scheduler (``indgang scheduler``) beat
into ``WorkerHeartbeat`` every few seconds; a task left running by a worker
that stopped beating is queued again. ``ScheduledJob`` remembers when each
periodic job last ran, so that several schedulers run a due job once.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessKind(models.TextChoices):
    WORKER = "worker", _("Worker")
    SCHEDULER = "scheduler", _("Scheduler")


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField(max_length=64, primary_key=True)
    kind = models.CharField(max_length=10, choices=ProcessKind.choices, default=ProcessKind.WORKER)
    host = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_beat = models.DateTimeField(db_index=True)
    # Set when the process stopped on its own (a signal or the end of --batch).
    stopped_at = models.DateTimeField(null=True, blank=True)
    tasks_done = models.PositiveIntegerField(default=0)
    # The last transient database error the loop recovered from, if any.
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-last_beat"]
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        permissions = [("operate", _("Can see background work and retry failed tasks"))]

    def __str__(self) -> str:
        return f"{self.kind} {self.host}:{self.pid}"


class ScheduledJob(models.Model):
    name = models.CharField(max_length=50, primary_key=True)
    next_run_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_ok = models.BooleanField(default=True)
    last_output = models.CharField(max_length=500, blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.name
