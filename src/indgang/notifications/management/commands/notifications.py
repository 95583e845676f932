from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from indgang.notifications import queries
from indgang.notifications.constants import Status
from indgang.notifications.models import Notification
from indgang.notifications.tasks import send_notification

STALE_SENDING = dt.timedelta(hours=1)


class Command(BaseCommand):
    help = (
        "Notifications: 'outbox' prints the demo SMS gateway's outbox; 'retry' sends "
        "failed notifications again (and ones stuck in sending for over an hour)."
    )
    # A short command (cron, scripts): the system checks run in `indgang serve` and `indgang check`.
    requires_system_checks: list[str] = []  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        outbox = sub.add_parser("outbox", help="Print the newest SMS in the demo outbox.")
        outbox.add_argument("--limit", type=int, default=20)
        sub.add_parser("retry", help="Enqueue failed and stuck notifications again.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "outbox":
            for message in reversed(list(queries.outbox(limit=options["limit"]))):
                status = message.notification.status if message.notification else "-"
                self.stdout.write(
                    f"{timezone.localtime(message.sent_at):%Y-%m-%d %H:%M}  {message.to}  "
                    f"[{status}]\n  {message.text}"
                )
            return
        stuck = Notification.objects.filter(
            status=Status.SENDING, sending_at__lt=timezone.now() - STALE_SENDING
        )
        # A worker stopped in the middle: the outcome is unknown, so try again.
        stuck.update(status=Status.FAILED, error="sending did not finish", failed_at=timezone.now())
        failed = list(
            Notification.objects.filter(status=Status.FAILED, attempts__gt=0).values_list(
                "pk", flat=True
            )
        )
        for pk in failed:
            send_notification.enqueue(pk)
        self.stdout.write(f"Notifications enqueued again: {len(failed)}")
