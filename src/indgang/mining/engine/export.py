"""Export an event log (or a frame of the platform's own case events) to XES or CSV.

Input is an :class:`EventLog` or a Polars frame with the standard columns
``case_id, activity, timestamp`` (UTC) and optionally ``resource, lifecycle,
position`` plus further attribute columns. Output reads back with
:func:`~.xes.read_xes` / :func:`~.csvlog.read_csv` into an equal log.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import IO, cast

import polars as pl

from .eventlog import (
    ACTIVITY,
    CASE_ID,
    LIFECYCLE,
    POSITION,
    RESOURCE,
    STANDARD_SCHEMA,
    TIMESTAMP,
    EventLog,
    make_event_log,
)

# µs precision and an explicit offset: lossless and readable by every XES tool.
_XES_DATE = "%Y-%m-%dT%H:%M:%S%.6f+00:00"
_CSV_DATE = "%Y-%m-%dT%H:%M:%S%.6fZ"
_STANDARD_KEYS = {
    ACTIVITY: "concept:name",
    TIMESTAMP: "time:timestamp",
    RESOURCE: "org:resource",
    LIFECYCLE: "lifecycle:transition",
}
_HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">
\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
\t<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
\t<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
\t<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
\t<classifier name="Activity" keys="concept:name"/>
\t<classifier name="Activity and lifecycle" keys="concept:name lifecycle:transition"/>
"""


def _as_log(source: EventLog | pl.DataFrame) -> EventLog:
    return source if isinstance(source, EventLog) else make_event_log(source)


def _open(path: Path) -> IO[bytes]:
    if path.suffix == ".gz":
        return cast(IO[bytes], gzip.open(path, "wb", compresslevel=6))
    return path.open("wb")


def export_csv(
    source: EventLog | pl.DataFrame, path: str | Path, *, attributes: bool = True
) -> None:
    """Write the standard columns (timestamp as ISO 8601 UTC) and, optionally, the others."""
    log = _as_log(source)
    frame = log.events if attributes else log.events.select(list(STANDARD_SCHEMA))
    frame = frame.sort(POSITION)  # source order, so positions survive a round trip
    path = Path(path)
    with _open(path) as handle:
        frame.write_csv(handle, datetime_format=_CSV_DATE)


def _escape(expr: pl.Expr) -> pl.Expr:
    return (
        expr.str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
        .str.replace_all('"', "&quot;", literal=True)
        .str.replace_all("\t", "&#9;", literal=True)
        .str.replace_all("\n", "&#10;", literal=True)
        .str.replace_all("\r", "&#13;", literal=True)
    )


def _xes_type(dtype: pl.DataType) -> str | None:
    if dtype == pl.String:
        return "string"
    if dtype.is_integer():
        return "int"
    if dtype.is_float():
        return "float"
    if dtype == pl.Boolean:
        return "boolean"
    if isinstance(dtype, pl.Datetime):
        return "date"
    return None  # lists, structs ...: not representable as a flat XES attribute


def _attribute(column: str, key: str, dtype: pl.DataType, indent: str) -> pl.Expr | None:
    xes_type = _xes_type(dtype)
    if xes_type is None:
        return None
    value = pl.col(column)
    if xes_type == "date":
        text = (
            value.dt.convert_time_zone("UTC").dt.to_string(_XES_DATE)
            if getattr(dtype, "time_zone", None)
            else value.dt.to_string(_XES_DATE)
        )
    elif xes_type == "boolean":
        text = pl.when(value).then(pl.lit("true")).otherwise(pl.lit("false"))
    elif xes_type == "float":
        text = value.cast(pl.String)
    else:
        text = value.cast(pl.String)
    escaped_key = key.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    line = pl.concat_str(
        pl.lit(f'{indent}<{xes_type} key="{escaped_key}" value="'), _escape(text), pl.lit('"/>\n')
    )
    return pl.when(value.is_not_null()).then(line).otherwise(pl.lit(""))


def export_xes(
    source: EventLog | pl.DataFrame, path: str | Path, *, attributes: bool = True
) -> None:
    """Write IEEE 1849 XES (gzipped if the name ends in .gz), one trace per case."""
    log = _as_log(source)
    # Traces in order of first appearance, events in source order within each: reading
    # the file back then reproduces the positions (and so the tie order) exactly.
    events = log.events.sort(POSITION)
    parts: list[pl.Expr] = [pl.lit("\t\t<event>\n")]
    for column, key in _STANDARD_KEYS.items():
        expr = _attribute(column, key, events.schema[column], "\t\t\t")
        if expr is not None:
            parts.append(expr)
    if attributes:
        for column in events.columns:
            if column in STANDARD_SCHEMA:
                continue
            key = column.removeprefix("attr:")
            expr = _attribute(column, key, events.schema[column], "\t\t\t")
            if expr is not None:
                parts.append(expr)
    parts.append(pl.lit("\t\t</event>\n"))
    per_case = (
        events.select(
            pl.col(CASE_ID),
            pl.concat_str(parts).alias("xml"),
            pl.col(POSITION),
        )
        .group_by(CASE_ID, maintain_order=True)
        .agg(pl.col("xml").str.join(""))
    )
    trace_attrs = _trace_attributes(log, attributes)
    if trace_attrs is not None:
        per_case = per_case.join(trace_attrs, on=CASE_ID, how="left", maintain_order="left")
    else:
        per_case = per_case.with_columns(pl.lit("").alias("attrs"))
    per_case = per_case.select(
        pl.concat_str(
            pl.lit('\t<trace>\n\t\t<string key="concept:name" value="'),
            _escape(pl.col(CASE_ID)),
            pl.lit('"/>\n'),
            pl.col("attrs").fill_null(""),
            pl.col("xml"),
            pl.lit("\t</trace>\n"),
        ).alias("trace")
    )
    path = Path(path)
    with _open(path) as handle:
        handle.write(_HEADER.encode())
        for chunk in per_case.iter_slices(10_000):
            handle.write("".join(chunk.get_column("trace").to_list()).encode())
        handle.write(b"</log>\n")


def _trace_attributes(log: EventLog, attributes: bool) -> pl.DataFrame | None:
    cases = log.case_attributes
    if not attributes or cases.width <= 1 or cases.height == 0:
        return None
    parts = []
    for column in cases.columns:
        if column == CASE_ID:
            continue
        expr = _attribute(column, column.removeprefix("attr:"), cases.schema[column], "\t\t")
        if expr is not None:
            parts.append(expr)
    if not parts:
        return None
    return cases.select(pl.col(CASE_ID), pl.concat_str(parts).alias("attrs"))
