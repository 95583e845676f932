"""``indgang worker``: run background tasks; survives database errors, beats a
heartbeat and picks up tasks a killed worker left running (docs/operations.md)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from indgang.operations.worker import ResilientWorker


class Command(BaseCommand):
    help = "Run background tasks (replaces db_worker): retries database errors, heartbeats."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue-name", default="default", help="Comma-separated queues.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls when idle."
        )
        parser.add_argument("--batch", action="store_true", help="Run what is ready, then stop.")
        parser.add_argument("--max-tasks", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        _log_to_console(options["verbosity"])
        worker = ResilientWorker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            max_tasks=options["max_tasks"],
        )
        worker.configure_signals()
        worker.run()


def _log_to_console(verbosity: int) -> None:
    level = logging.WARNING if verbosity == 0 else logging.INFO
    for name in ("indgang.operations", "django_tasks_db", "django_tasks"):
        logger = logging.getLogger(name)
        logger.setLevel(level)
