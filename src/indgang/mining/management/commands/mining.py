"""``indgang mining analyse PATH [--json]``: the operators' and evaluators' contract.

With ``--json`` it prints one JSON object: cases, events, activities, dfg,
start, end, variants, case_durations_s and findings. ``indgang.manage`` runs
``analyse`` without starting Django (see ``indgang.mining.cli``); this command
is the same through Django (``call_command``), plus ``export-cases``.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indgang.mining.cli import AnalyseError, add_analyse_arguments, analyse
from indgang.mining.engine import EventLogError, export_csv, export_xes


class Command(BaseCommand):
    help = "Process mining: 'analyse PATH' reads an XES or CSV event log and analyses it."
    # A short command (cron, scripts): the system checks run in `indgang serve` and `indgang check`.
    requires_system_checks: list[str] = []  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add_analyse_arguments(
            sub.add_parser("analyse", help="Analyse an event log (.xes, .xes.gz, .csv).")
        )
        export = sub.add_parser(
            "export-cases", help="Write Indgang's own case events as an event log."
        )
        export.add_argument("path", help="ends in .xes, .xes.gz, .csv or .csv.gz")
        export.add_argument("--administration", required=True, help="e.g. tmf")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export-cases":
            self.export_cases(options["path"], options["administration"])
            return
        try:
            analyse(options, self.stdout)  # type: ignore[arg-type]
        except AnalyseError as exc:
            raise CommandError(str(exc)) from exc

    def export_cases(self, path: str, administration: str) -> None:
        from indgang.mining.services import own_cases_log

        try:
            log = own_cases_log(administration)
        except EventLogError as exc:
            raise CommandError(str(exc)) from exc
        if path.endswith((".xes", ".xes.gz")):
            export_xes(log, path)
        elif path.endswith((".csv", ".csv.gz")):
            export_csv(log, path)
        else:
            raise CommandError("The file name must end in .xes, .xes.gz, .csv or .csv.gz.")
        self.stdout.write(f"Wrote {log.n_events} events of {log.n_cases} cases to {path}.")
