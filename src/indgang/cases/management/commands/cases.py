"""``indgang cases``: retention purge, case-system API clients and webhook upkeep.

indgang cases purge [--dry-run] [--days N]   # blank personal data of old closed cases
indgang cases client NAME ADMINISTRATION     # register a case system; prints its token once
indgang cases webhooks [--retry-failed]      # re-enqueue overdue (and failed) deliveries
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from indgang.cases import services, webhooks
from indgang.cases.constants import DeliveryStatus
from indgang.cases.models import WebhookDelivery
from indgang.core import municipality


class Command(BaseCommand):
    help = "Retention purge, case-system API clients and webhook deliveries."
    # A short command (cron, scripts): the system checks run in `indgang serve` and `indgang check`.
    requires_system_checks: list[str] = []  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        purge = sub.add_parser(
            "purge", help="Blank the personal data of cases closed longer than the retention."
        )
        purge.add_argument("--dry-run", action="store_true", help="Only print the counts.")
        purge.add_argument(
            "--days",
            type=int,
            default=None,
            help="Override CASES_RETENTION_DAYS (days since the case was closed).",
        )
        client = sub.add_parser("client", help="Register a case system for one administration.")
        client.add_argument("name")
        client.add_argument("administration", help="an administration code of the municipality")
        hooks = sub.add_parser("webhooks", help="Re-enqueue overdue webhook deliveries.")
        hooks.add_argument(
            "--retry-failed", action="store_true", help="Also retry deliveries that gave up."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "purge":
            days = options["days"] if options["days"] is not None else settings.CASES_RETENTION_DAYS
            if days < 1:
                raise CommandError("--days must be at least 1")
            counts = services.purge_closed_cases(older_than_days=days, dry_run=options["dry_run"])
            verb = "would purge" if options["dry_run"] else "purged"
            self.stdout.write(
                f"{verb} {counts['cases']} cases closed more than {days} days ago "
                f"({counts['notes']} notes, {counts['webhook_deliveries']} webhook payloads, "
                f"{counts['training_examples']} training examples)"
            )
        elif action == "client":
            codes = municipality.administration_codes()
            if options["administration"] not in codes:
                raise CommandError(f"administration must be one of {', '.join(sorted(codes))}")
            client, token = services.create_case_system_client(
                name=options["name"], administration_code=options["administration"]
            )
            self.stdout.write(f"Case system {client} registered. Its token (shown only now):")
            self.stdout.write(token)
        else:
            resent = webhooks.resend_overdue()
            retried = 0
            if options["retry_failed"]:
                retried = webhooks.retry(
                    WebhookDelivery.objects.filter(status=DeliveryStatus.FAILED)
                )
            self.stdout.write(f"re-enqueued {resent} overdue and {retried} failed deliveries")
