"""CSV event logs with an explicit column mapping (.csv and .csv.gz)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from .errors import EventLogError
from .eventlog import (
    ACTIVITY,
    CASE_ID,
    LIFECYCLE,
    POSITION,
    RESOURCE,
    STANDARD_SCHEMA,
    TIMESTAMP,
    EventLog,
    finalise_event_log,
)
from .timestamps import check_timezone, parse_timestamps

# Column names tried, in order, when no mapping is given.
_DEFAULT_NAMES: dict[str, tuple[str, ...]] = {
    CASE_ID: (CASE_ID, "case:concept:name", "case", "CaseID", "Case ID", "case id"),
    ACTIVITY: (ACTIVITY, "concept:name", "Activity", "event", "Event"),
    TIMESTAMP: (TIMESTAMP, "time:timestamp", "Timestamp", "time", "Complete Timestamp"),
    RESOURCE: (RESOURCE, "org:resource", "Resource"),
    LIFECYCLE: (LIFECYCLE, "lifecycle:transition", "Lifecycle"),
}


@dataclass(frozen=True)
class CsvMapping:
    """Which CSV columns hold the case id, activity, timestamp (and optionally more).

    ``timestamp_format`` is a strftime-style pattern (e.g. ``"%d-%m-%Y %H:%M"``);
    ``None`` accepts ISO 8601 with or without a UTC offset. Timestamps without an
    offset are read in ``timezone``.
    """

    case_id: str = CASE_ID
    activity: str = ACTIVITY
    timestamp: str = TIMESTAMP
    resource: str | None = None
    lifecycle: str | None = None
    timestamp_format: str | None = None
    timezone: str = "UTC"
    separator: str = ","
    keep_other_columns: bool = True

    def roles(self) -> dict[str, str]:
        roles = {CASE_ID: self.case_id, ACTIVITY: self.activity, TIMESTAMP: self.timestamp}
        if self.resource is not None:
            roles[RESOURCE] = self.resource
        if self.lifecycle is not None:
            roles[LIFECYCLE] = self.lifecycle
        return roles


def guess_mapping(columns: list[str], separator: str = ",") -> CsvMapping:
    """A mapping from well-known column names (ours, pm4py's, Disco's)."""
    found: dict[str, str | None] = {}
    for role, names in _DEFAULT_NAMES.items():
        found[role] = next((n for n in names if n in columns), None)
    missing = [role for role in (CASE_ID, ACTIVITY, TIMESTAMP) if found[role] is None]
    if missing:
        raise EventLogError(
            "csv_mapping_needed",
            "CSV-filen har ikke de forventede kolonnenavne; angiv hvilke kolonner der er "
            f"sags-id, aktivitet og tidspunkt. Kolonner i filen: {', '.join(columns)}.",
            "The CSV file does not use the expected column names; say which columns hold "
            f"the case id, activity and timestamp. Columns in the file: {', '.join(columns)}.",
            missing_roles=missing,
            available=columns,
        )
    return CsvMapping(
        case_id=str(found[CASE_ID]),
        activity=str(found[ACTIVITY]),
        timestamp=str(found[TIMESTAMP]),
        resource=found[RESOURCE],
        lifecycle=found[LIFECYCLE],
        separator=separator,
    )


def read_csv(path: str | Path, mapping: CsvMapping | None = None) -> EventLog:
    """Read a CSV (or gzipped CSV) event log; without a mapping, guess the columns."""
    path = Path(path)
    if not path.exists():
        raise EventLogError(
            "file_not_found",
            f"Filen '{path}' findes ikke.",
            f"The file '{path}' does not exist.",
            path=str(path),
        )
    separator = mapping.separator if mapping else ","
    if len(separator) != 1:
        raise EventLogError(
            "csv_bad_separator",
            f"Skilletegnet skal være ét tegn, ikke '{separator}'.",
            f"The separator must be one character, not '{separator}'.",
            separator=separator,
        )
    try:
        header = pl.read_csv(path, separator=separator, n_rows=0, infer_schema=False).columns
    except pl.exceptions.NoDataError as exc:
        raise _empty(path) from exc
    except pl.exceptions.PolarsError as exc:
        raise _malformed(path, exc) from exc
    if mapping is None:
        mapping = guess_mapping(header, separator)
    check_timezone(mapping.timezone)
    roles = mapping.roles()
    _check_mapping(roles, header)
    wanted = header if mapping.keep_other_columns else list(dict.fromkeys(roles.values()))
    try:
        frame = pl.read_csv(
            path,
            separator=separator,
            infer_schema=False,  # every column as text: no type guessing, no surprises
            columns=wanted,
            encoding="utf8",
        )
    except pl.exceptions.PolarsError as exc:
        raise _malformed(path, exc) from exc
    if frame.height == 0:
        raise _empty(path)
    return _to_event_log(frame, mapping, roles)


def _check_mapping(roles: dict[str, str], header: list[str]) -> None:
    missing = sorted({column for column in roles.values() if column not in header})
    if missing:
        raise EventLogError(
            "csv_missing_column",
            f"CSV-filen mangler kolonnerne: {', '.join(missing)}. Filen har: {', '.join(header)}.",
            f"The CSV file lacks the columns: {', '.join(missing)}. It has: {', '.join(header)}.",
            missing=missing,
            available=header,
        )
    used: dict[str, str] = {}
    for role, column in roles.items():
        if column in used:
            raise EventLogError(
                "csv_mapping_conflict",
                f"Kolonnen '{column}' er valgt både som {used[column]} og som {role}.",
                f"The column '{column}' is mapped both as {used[column]} and as {role}.",
                column=column,
                roles=[used[column], role],
            )
        used[column] = role


def _to_event_log(frame: pl.DataFrame, mapping: CsvMapping, roles: dict[str, str]) -> EventLog:
    by_column = {column: role for role, column in roles.items()}
    # Other columns keep their names unless they clash with a standard name.
    renames = {
        c: by_column.get(c, f"attr:{c}" if c in STANDARD_SCHEMA else c) for c in frame.columns
    }
    frame = frame.rename(renames)
    for role in (CASE_ID, ACTIVITY, TIMESTAMP):
        empty = frame.get_column(role).is_null()  # polars reads empty fields as null
        if empty.any():
            row = int(empty.arg_max() or 0)
            raise EventLogError(
                "csv_missing_value",
                f"Linje {row + 2}: kolonnen '{roles[role]}' er tom.",
                f"Line {row + 2}: the column '{roles[role]}' is empty.",
                line=row + 2,
                column=roles[role],
                count=int(empty.sum()),
            )
    raw = frame.get_column(TIMESTAMP)
    stamps = parse_timestamps(raw, fmt=mapping.timestamp_format, timezone=mapping.timezone)
    bad = stamps.is_null()
    if bad.any():
        row = int(bad.arg_max() or 0)
        expected = mapping.timestamp_format or "ISO 8601, e.g. 2024-03-01T09:30:00+01:00"
        raise EventLogError(
            "csv_bad_timestamp",
            f"Linje {row + 2}: '{raw[row]}' i kolonnen '{mapping.timestamp}' er ikke et "
            f"tidspunkt i formatet {expected} ({int(bad.sum())} linjer i alt).",
            f"Line {row + 2}: '{raw[row]}' in the column '{mapping.timestamp}' is not a "
            f"timestamp in the format {expected} ({int(bad.sum())} lines in all).",
            line=row + 2,
            value=raw[row],
            column=mapping.timestamp,
            format=expected,
            count=int(bad.sum()),
        )
    standard: list[pl.Expr | pl.Series] = [
        pl.col(CASE_ID),
        pl.col(ACTIVITY),
        stamps.alias(TIMESTAMP),
        pl.col(RESOURCE) if RESOURCE in roles else pl.lit(None, pl.String).alias(RESOURCE),
        pl.col(LIFECYCLE) if LIFECYCLE in roles else pl.lit(None, pl.String).alias(LIFECYCLE),
        pl.int_range(pl.len(), dtype=pl.Int64).alias(POSITION),
    ]
    extras = [c for c in frame.columns if c not in STANDARD_SCHEMA]
    events = frame.select(*standard, *extras)
    return finalise_event_log(
        events,
        pl.DataFrame({CASE_ID: pl.Series([], dtype=pl.String)}),
        source="csv",
        classifiers={},
        warnings=(),
    )


def _empty(path: Path) -> EventLogError:
    return EventLogError(
        "empty_log",
        f"Filen '{path.name}' indeholder ingen hændelser.",
        f"The file '{path.name}' contains no events.",
        path=str(path),
    )


def _malformed(path: Path, exc: Exception) -> EventLogError:
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return EventLogError(
        "csv_malformed",
        f"CSV-filen '{path.name}' kan ikke læses: {reason}",
        f"The CSV file '{path.name}' cannot be read: {reason}",
        path=str(path),
        reason=reason,
    )
