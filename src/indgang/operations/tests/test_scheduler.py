"""Periodic work runs without cron: each due job once, a failing job does not stop the rest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from indgang.operations.models import ScheduledJob
from indgang.operations.scheduler import JOBS, Job, run_due

pytestmark = pytest.mark.django_db

EVERY_FIVE = Job("every-five", 300, ("appointments", "reminders"))
HOURLY = Job("hourly", 3600, ("selfservice", "housekeeping"))


def test_due_jobs_run_once_each_until_their_interval_has_passed() -> None:
    ran: list[str] = []

    def runner(job: Job) -> tuple[bool, str]:
        ran.append(job.name)
        return True, "ok"

    now = timezone.now()
    jobs = (EVERY_FIVE, HOURLY)
    assert run_due(now, jobs, runner) == ["every-five", "hourly"]
    # A second scheduler (or the same one a moment later) finds nothing due.
    assert run_due(now + dt.timedelta(seconds=10), jobs, runner) == []
    assert run_due(now + dt.timedelta(minutes=6), jobs, runner) == ["every-five"]
    assert ran == ["every-five", "hourly", "every-five"]
    assert ScheduledJob.objects.get(name="every-five").runs == 2


def test_a_failing_job_is_recorded_and_the_others_still_run() -> None:
    def runner(job: Job) -> tuple[bool, str]:
        if job is EVERY_FIVE:
            raise RuntimeError("the SMS gateway is down")
        return True, "ok"

    assert run_due(timezone.now(), (EVERY_FIVE, HOURLY), runner) == ["every-five", "hourly"]
    failed = ScheduledJob.objects.get(name="every-five")
    assert not failed.last_ok and "the SMS gateway is down" in failed.last_output
    assert ScheduledJob.objects.get(name="hourly").last_ok


def test_the_real_jobs_run_the_documented_commands() -> None:
    ran = run_due(timezone.now())
    assert ran == [job.name for job in JOBS]
    outputs = dict(ScheduledJob.objects.values_list("name", "last_output"))
    assert outputs["appointment-reminders"] == "Reminders sent: 0"
    assert all(ScheduledJob.objects.values_list("last_ok", flat=True))
