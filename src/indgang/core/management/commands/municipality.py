"""``indgang municipality``: load a municipality file, choose the active one, show it.

indgang municipality list                 # shipped files and loaded municipalities
indgang municipality load 101             # a shipped file by code, or a path
indgang municipality load 999 --activate
indgang municipality load my.json --replace-map
indgang municipality show [CODE]          # administrations, teams and the KLE map
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indgang.core import kle, municipality
from indgang.core.models import Municipality


class Command(BaseCommand):
    help = "Load, activate or show a municipality (name, administrations, teams, KLE map)."
    # A short command (cron, scripts): the system checks run in `indgang serve` and `indgang check`.
    requires_system_checks: list[str] = []  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="Shipped municipality files and loaded municipalities.")
        load = sub.add_parser("load", help="Load a municipality file (a shipped code or a path).")
        load.add_argument("source")
        load.add_argument("--activate", action="store_true", help="Make it the active one.")
        load.add_argument(
            "--replace-map",
            action="store_true",
            help="Replace the KLE map, also entries an administrator has edited.",
        )
        activate = sub.add_parser("activate", help="Route for this municipality from now on.")
        activate.add_argument("code")
        show = sub.add_parser("show", help="Administrations, teams and KLE map.")
        show.add_argument("code", nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            loaded = {m.code: m for m in Municipality.objects.all()}
            for code, path in municipality.shipped_files().items():
                state = (
                    "active"
                    if code in loaded and loaded[code].active
                    else ("loaded" if code in loaded else "not loaded")
                )
                self.stdout.write(f"{code:>4}  {path.name}  ({state})")
        elif action == "load":
            source = options["source"]
            files = municipality.shipped_files()
            path = files[source] if source in files else Path(source)
            if not path.exists():
                raise CommandError(f"no municipality file {source!r}; shipped: {', '.join(files)}")
            try:
                chosen, written = municipality.load(
                    path,
                    activate=True if options["activate"] else None,
                    replace_map=options["replace_map"],
                )
            except municipality.MunicipalityFileError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                f"{chosen.name} ({chosen.code}) loaded: {chosen.administrations.count()} "
                f"administrations, {written} KLE map entries written"
                + (" — active" if chosen.active else "")
            )
        elif action == "activate":
            try:
                chosen = municipality.set_active(options["code"])
            except Municipality.DoesNotExist as error:
                raise CommandError(
                    f"municipality {options['code']} is not loaded; load it first"
                ) from error
            self.stdout.write(
                f"{chosen.name} is active. Retrain with 'indgang route train' so the "
                "classifier learns its administrations."
            )
        else:
            try:
                shown = municipality.current_map(options.get("code"))
            except Municipality.DoesNotExist as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"{shown.name} ({shown.code}); central triage: {shown.triage}")
            for code, name in sorted(shown.administrations.items()):
                self.stdout.write(f"  {code}  {name}")
                for slug, team in sorted(shown.teams.get(code, {}).items()):
                    self.stdout.write(f"        {slug}: {team}")
            self.stdout.write("KLE map (the most specific entry wins):")
            for number, place in sorted(shown.entries.items()):
                # A main group or group is titled by its "i almindelighed" topic.
                title = kle.title(number) or kle.title((number + ".00.00")[:8])
                target = place.administration + (f"/{place.team}" if place.team else "")
                self.stdout.write(f"  {number:<8} {target:<22} {title}")
