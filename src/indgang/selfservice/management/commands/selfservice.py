import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indgang.selfservice import queries, services
from indgang.selfservice.checks import DEFINITIONS
from indgang.selfservice.models import ServiceDefinition


class Command(BaseCommand):
    help = "Self-service definitions (import/export as JSON) and draft housekeeping."
    # A short command (cron, scripts): the system checks run in `indgang serve` and `indgang check`.
    requires_system_checks: list[str] = []  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import", help="Import definitions; a changed one becomes a new version."
        )
        imp.add_argument("files", nargs="*", help="JSON files (default: the built-in services)")
        exp = sub.add_parser("export", help="Print the newest version of a service as JSON.")
        exp.add_argument("slug")
        exp.add_argument("--version", type=int)
        sub.add_parser("housekeeping", help="Record abandoned drafts and purge expired ones.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            files = [Path(f) for f in options["files"]] or sorted(DEFINITIONS.glob("*.json"))
            for path in files:
                try:
                    data = json.loads(path.read_text())
                    definition, created = services.import_definition(data)
                except (OSError, ValueError) as exc:
                    raise CommandError(f"{path}: {exc}") from exc
                state = "new version" if created else "unchanged"
                self.stdout.write(f"{definition.slug} v{definition.version}: {state}")
        elif action == "export":
            found = (
                ServiceDefinition.objects.filter(
                    slug=options["slug"], version=options["version"]
                ).first()
                if options["version"]
                else queries.current_definition(options["slug"])
            )
            if found is None:
                raise CommandError(f"no definition {options['slug']!r}")
            self.stdout.write(
                json.dumps(services.export_definition(found), ensure_ascii=False, indent=2)
            )
        else:
            abandoned = services.mark_abandoned()
            purged = services.purge_expired()
            self.stdout.write(f"Abandoned: {abandoned}, purged: {purged}")
