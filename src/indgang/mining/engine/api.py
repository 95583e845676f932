"""Entry points for the command line and the web layer: path in, JSON-ready dict out."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from .analysis import summarise, summary_to_dict
from .csvlog import CsvMapping, read_csv
from .errors import EventLogError
from .eventlog import EventLog
from .findings import find_findings
from .xes import Attributes, read_xes

FORMATS = {".xes": "xes", ".xes.gz": "xes", ".csv": "csv", ".csv.gz": "csv"}


def detect_format(path: str | Path) -> str:
    """'xes' or 'csv' from the file name (.xes, .xes.gz, .csv, .csv.gz)."""
    name = Path(path).name.lower()
    for suffix, kind in sorted(FORMATS.items(), key=lambda item: -len(item[0])):
        if name.endswith(suffix):
            return kind
    raise EventLogError(
        "unsupported_format",
        f"Filtypen for '{Path(path).name}' understøttes ikke; "
        "brug .xes, .xes.gz, .csv eller .csv.gz.",
        f"The file type of '{Path(path).name}' is not supported; "
        "use .xes, .xes.gz, .csv or .csv.gz.",
        path=str(path),
    )


def load_event_log(
    path: str | Path,
    *,
    csv_mapping: CsvMapping | None = None,
    classifier: str | None = None,
    attributes: Attributes = "all",
) -> EventLog:
    """Read an XES or CSV event log, chosen by file extension."""
    if detect_format(path) == "xes":
        return read_xes(path, classifier=classifier, attributes=attributes)
    return read_csv(path, csv_mapping)


def analyse_log(
    log: EventLog, *, max_variants: int | None = None, findings: bool = True
) -> dict[str, Any]:
    """The ``indgang mining analyse --json`` object for a log already in memory."""
    summary = summarise(log)
    result = summary_to_dict(summary)
    if max_variants is not None:
        result["variants"] = result["variants"][:max_variants]
    result["findings"] = [f.to_dict() for f in find_findings(log, summary)] if findings else []
    # Variants and start/end hold only strings and integers: skip them in the walk.
    plain = ("variants", "start", "end")
    safe = _json_safe({k: v for k, v in result.items() if k not in plain})
    return {k: result[k] if k in plain else safe[k] for k in result}


def analyse_path(
    path: str | Path,
    *,
    csv_mapping: CsvMapping | None = None,
    classifier: str | None = None,
    max_variants: int | None = None,
) -> dict[str, Any]:
    """Read a log and return cases, events, activities, dfg, start, end, variants,
    case_durations_s and findings as one JSON-serialisable dict."""
    log = load_event_log(
        path, csv_mapping=csv_mapping, classifier=classifier, attributes="standard"
    )
    return analyse_log(log, max_variants=max_variants)


def _json_safe(value: Any) -> Any:
    """NaN/inf are not JSON: make them null (e.g. the stdev of a single observation)."""
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is dict:
        return {k: _json_safe(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_json_safe(v) for v in value]
    if isinstance(value, float):  # NumPy floats
        return float(value) if math.isfinite(value) else None
    return value
