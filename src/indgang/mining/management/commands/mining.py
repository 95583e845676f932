"""``indgang mining analyse PATH [--json]``: the operators' and evaluators' contract.

With ``--json`` it prints one JSON object: cases, events, activities, dfg,
start, end, variants, case_durations_s and findings.
"""

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indgang.mining.engine import CsvMapping, EventLogError, analyse_path, export_csv, export_xes


class Command(BaseCommand):
    help = "Process mining: 'analyse PATH' reads an XES or CSV event log and analyses it."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        analyse = sub.add_parser("analyse", help="Analyse an event log (.xes, .xes.gz, .csv).")
        analyse.add_argument("path")
        analyse.add_argument("--json", action="store_true", help="Print one JSON object.")
        analyse.add_argument("--classifier", help="XES classifier name for the activity.")
        analyse.add_argument("--max-variants", type=int, default=None)
        export = sub.add_parser(
            "export-cases", help="Write Indgang's own case events as an event log."
        )
        export.add_argument("path", help="ends in .xes, .xes.gz, .csv or .csv.gz")
        export.add_argument("--administration", required=True, help="e.g. tmf")
        csv = analyse.add_argument_group("CSV column mapping")
        csv.add_argument("--case-column")
        csv.add_argument("--activity-column")
        csv.add_argument("--timestamp-column")
        csv.add_argument("--resource-column")
        csv.add_argument("--lifecycle-column")
        csv.add_argument("--timestamp-format", help="strftime pattern, default ISO 8601")
        csv.add_argument("--timezone", default="UTC", help="for timestamps without an offset")
        csv.add_argument("--separator", default=",")

    def csv_mapping(self, options: dict[str, Any]) -> CsvMapping | None:
        given = {
            "case_id": options["case_column"],
            "activity": options["activity_column"],
            "timestamp": options["timestamp_column"],
            "resource": options["resource_column"],
            "lifecycle": options["lifecycle_column"],
        }
        if not any(given.values()) and not options["timestamp_format"]:
            return None  # the reader guesses from well-known column names
        defaults = CsvMapping()
        return CsvMapping(
            case_id=given["case_id"] or defaults.case_id,
            activity=given["activity"] or defaults.activity,
            timestamp=given["timestamp"] or defaults.timestamp,
            resource=given["resource"],
            lifecycle=given["lifecycle"],
            timestamp_format=options["timestamp_format"],
            timezone=options["timezone"],
            separator=options["separator"],
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export-cases":
            self.export_cases(options["path"], options["administration"])
            return
        try:
            result = analyse_path(
                options["path"],
                csv_mapping=self.csv_mapping(options),
                classifier=options["classifier"],
                max_variants=options["max_variants"],
            )
        except EventLogError as exc:
            raise CommandError(str(exc)) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {options['path']}") from exc
        if options["json"]:
            json.dump(result, sys.stdout, ensure_ascii=False)
            sys.stdout.write("\n")
            return
        self.stdout.write(
            f"{result['cases']} cases, {result['events']} events, "
            f"{result['activities']} activities, {len(result['variants'])} variants"
        )
        durations = result["case_durations_s"]
        self.stdout.write(
            f"Case duration: median {durations['median'] / 86400:.1f} days, "
            f"mean {durations['mean'] / 86400:.1f} days"
        )
        for finding in result["findings"][:10]:
            self.stdout.write(f"- {finding.get('text_en', finding)}")

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
