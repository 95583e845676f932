"""``indgang health``: exit 1 when background work is unhealthy (for monitoring)."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from indgang.operations import health


class Command(BaseCommand):
    help = (
        "Check workers, queue, failed tasks and the virus scanner; exit status 1 when "
        "something is wrong."
    )
    # A short command (cron, scripts): the system checks run in `indgang serve` and `indgang check`.
    requires_system_checks: list[str] = []  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = health.check()
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), indent=2))
        else:
            for item in result.checks:
                self.stdout.write(f"{'ok  ' if item.ok else 'FAIL'} {item.name:14} {item.detail}")
            self.stdout.write("healthy" if result.ok else "UNHEALTHY")
        if not result.ok:
            sys.exit(1)
