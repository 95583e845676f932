"""``indgang files rescan``: scan again the files a failed virus scan left unscanned.

Run it from cron (e.g. every 15 minutes) so files kept while the scanner was
down become available once it is back. Exit status 1 while files are still
unscanned or a virus was found, so the cron job's mail says so.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indgang.core import files


class Command(BaseCommand):
    help = "Rescan uploaded files whose virus scan failed."
    # A short command (cron, scripts): the system checks run in `indgang serve` and `indgang check`.
    requires_system_checks: list[str] = []  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rescan", help="Scan again every file with scan status error.")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = files.rescan()
        for store, tally in counts.items():
            self.stdout.write(
                f"{store}: {tally['clean']} clean, {tally['infected']} infected, "
                f"{tally['error']} still not scanned"
            )
        infected = sum(t["infected"] for t in counts.values())
        pending = sum(t["error"] for t in counts.values())
        if infected or pending:
            raise CommandError(
                f"{infected} infected file(s) held; {pending} file(s) still not scanned"
            )
