"""``indgang mining analyse PATH [--json]`` without Django.

The command only reads a file and prints JSON, so ``indgang.manage`` runs it
straight from here: no settings, no app registry, no system checks — start-up
is the engine's imports (Polars, NumPy), a few tenths of a second. The Django
management command ``mining`` (also used by ``call_command``) delegates here.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO


def add_analyse_arguments(analyse: argparse.ArgumentParser) -> None:
    analyse.add_argument("path")
    analyse.add_argument("--json", action="store_true", help="Print one JSON object.")
    analyse.add_argument("--classifier", help="XES classifier name for the activity.")
    analyse.add_argument("--max-variants", type=int, default=None)
    csv = analyse.add_argument_group("CSV column mapping")
    csv.add_argument("--case-column")
    csv.add_argument("--activity-column")
    csv.add_argument("--timestamp-column")
    csv.add_argument("--resource-column")
    csv.add_argument("--lifecycle-column")
    csv.add_argument("--timestamp-format", help="strftime pattern, default ISO 8601")
    csv.add_argument("--timezone", default="UTC", help="for timestamps without an offset")
    csv.add_argument("--separator", default=",")


def csv_mapping(options: dict[str, Any]) -> Any:
    from indgang.mining.engine import CsvMapping

    given = {
        "case_id": options.get("case_column"),
        "activity": options.get("activity_column"),
        "timestamp": options.get("timestamp_column"),
        "resource": options.get("resource_column"),
        "lifecycle": options.get("lifecycle_column"),
    }
    if not any(given.values()) and not options.get("timestamp_format"):
        return None  # the reader guesses from well-known column names
    defaults = CsvMapping()
    return CsvMapping(
        case_id=given["case_id"] or defaults.case_id,
        activity=given["activity"] or defaults.activity,
        timestamp=given["timestamp"] or defaults.timestamp,
        resource=given["resource"],
        lifecycle=given["lifecycle"],
        timestamp_format=options.get("timestamp_format"),
        timezone=options.get("timezone") or "UTC",
        separator=options.get("separator") or ",",
    )


class AnalyseError(Exception):
    """A message for the operator (bad file, unknown classifier); never a traceback."""


def analyse(options: dict[str, Any], out: TextIO) -> None:
    from indgang.mining.engine import EventLogError, analyse_path

    try:
        result = analyse_path(
            options["path"],
            csv_mapping=csv_mapping(options),
            classifier=options.get("classifier"),
            max_variants=options.get("max_variants"),
        )
    except EventLogError as exc:
        raise AnalyseError(str(exc)) from exc
    except FileNotFoundError as exc:
        raise AnalyseError(f"No such file: {options['path']}") from exc
    if options.get("json"):
        # json.dumps uses the C encoder; json.dump to a stream would not.
        out.write(json.dumps(result, ensure_ascii=False))
        out.write("\n")
        return
    out.write(
        f"{result['cases']} cases, {result['events']} events, "
        f"{result['activities']} activities, {len(result['variants'])} variants\n"
    )
    durations = result["case_durations_s"]
    out.write(
        f"Case duration: median {durations['median'] / 86400:.1f} days, "
        f"mean {durations['mean'] / 86400:.1f} days\n"
    )
    for finding in result["findings"][:10]:
        out.write(f"- {finding.get('text_en', finding)}\n")


def main(argv: Sequence[str]) -> int:
    """``argv`` after ``mining analyse``; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="indgang mining analyse", description="Analyse an event log (.xes, .xes.gz, .csv)."
    )
    add_analyse_arguments(parser)
    options = vars(parser.parse_args(list(argv)))
    try:
        analyse(options, sys.stdout)
    except AnalyseError as exc:
        sys.stderr.write(f"CommandError: {exc}\n")
        return 1
    return 0
