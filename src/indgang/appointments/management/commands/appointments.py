from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from indgang.appointments import services


class Command(BaseCommand):
    help = "Appointments: 'reminders' sends the reminders that are due (run it from cron)."
    # A short command (cron, scripts): the system checks run in `indgang serve` and `indgang check`.
    requires_system_checks: list[str] = []  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("reminders", help="Send due SMS and e-mail reminders, each once.")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.send_due_reminders()
        self.stdout.write(f"Reminders sent: {sent}")
