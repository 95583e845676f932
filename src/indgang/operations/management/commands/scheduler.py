"""``indgang scheduler``: periodic jobs without cron (docs/operations.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from indgang.operations.management.commands.worker import _log_to_console
from indgang.operations.scheduler import JOBS, Scheduler, run_due


class Command(BaseCommand):
    help = "Run periodic jobs (reminders, housekeeping, retries, rescans) at their intervals."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=10.0, help="Seconds between looks for due jobs."
        )
        parser.add_argument("--once", action="store_true", help="Run the due jobs, then stop.")
        parser.add_argument("--list", action="store_true", help="List the jobs and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in JOBS:
                self.stdout.write(f"{job.name:26} every {job.every_seconds:>6} s  {job}")
            return
        _log_to_console(options["verbosity"])
        if options["once"]:
            for name in run_due():
                self.stdout.write(f"ran {name}")
            return
        Scheduler(interval=options["interval"]).run()
