"""``indgang insights rebuild [--from DATE --to DATE | --days N]``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from indgang.insights import rollup


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "Rebuild the daily contact rollup the dashboards read."
    # A short command (cron, scripts): the system checks run in `indgang serve` and `indgang check`.
    requires_system_checks: list[str] = []  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="Rebuild the rollup for a date range.")
        rebuild.add_argument("--from", dest="start", help="First local day (YYYY-MM-DD).")
        rebuild.add_argument("--to", dest="end", help="Last local day (YYYY-MM-DD).")
        rebuild.add_argument(
            "--days", type=int, default=2, help="Without --from: the last N days (default 2)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        end = _date(options["end"]) if options["end"] else today
        if options["start"]:
            start = _date(options["start"])
        else:
            if options["days"] < 1:
                raise CommandError("--days must be 1 or more")
            start = end - timedelta(days=options["days"] - 1)
        if end < start:
            raise CommandError("--to must not be before --from")
        run_rows = rollup.rebuild(start, end)
        run = rollup.last_run()
        seconds = run.seconds if run else 0.0
        self.stdout.write(f"Rebuilt {start}..{end}: {run_rows} rows in {seconds:.1f} s")
