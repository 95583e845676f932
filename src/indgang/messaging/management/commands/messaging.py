import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from indgang.messaging import services


class Command(BaseCommand):
    help = (
        "Messages: 'redeliver' enqueues outgoing messages whose delivery stalled; "
        "'purge' deletes messages past retention."
    )
    # A short command (cron, scripts): the system checks run in `indgang serve` and `indgang check`.
    requires_system_checks: list[str] = []  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        redeliver = sub.add_parser(
            "redeliver",
            help="Enqueue delivery again for messages left 'created' or 'sending' (e.g. "
            "after a worker crashed) for longer than --minutes.",
        )
        redeliver.add_argument("--minutes", type=int, default=30)
        purge = sub.add_parser(
            "purge",
            help="Delete threads whose case was purged, and receipt threads older than "
            "--older-than-days (default CASES_RETENTION_DAYS).",
        )
        purge.add_argument("--older-than-days", type=int, default=None)
        purge.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "purge":
            days = options["older_than_days"] or settings.CASES_RETENTION_DAYS
            counts = services.purge(older_than_days=days, dry_run=options["dry_run"])
            prefix = "Would delete" if options["dry_run"] else "Deleted"
            self.stdout.write(f"{prefix}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
            return
        before = timezone.now() - dt.timedelta(minutes=options["minutes"])
        count = services.enqueue_stalled(before)
        self.stdout.write(f"Enqueued {count} stalled message(s) for delivery.")
