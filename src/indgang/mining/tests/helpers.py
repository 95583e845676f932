"""Tiny hand-made logs for unit tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from indgang.mining.engine import EventLog, make_event_log, read_xes

XES_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">\n'
)
T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)


def event(name: str | None, stamp: str | None, *attributes: str) -> str:
    """An <event>; ``attributes`` are extra attribute elements, e.g. attr("string", "k", "v")."""
    lines = ["\t\t<event>"]
    if name is not None:
        lines.append(f'\t\t\t<string key="concept:name" value="{name}"/>')
    if stamp is not None:
        lines.append(f'\t\t\t<date key="time:timestamp" value="{stamp}"/>')
    lines.extend(f"\t\t\t{a}" for a in attributes)
    lines.append("\t\t</event>")
    return "\n".join(lines)


def attr(xes_type: str, key: str, value: str) -> str:
    return f'<{xes_type} key="{key}" value="{value}"/>'


def trace(name: str | None, *events: str, attributes: str = "") -> str:
    head = f'\t\t<string key="concept:name" value="{name}"/>\n' if name is not None else ""
    return f"\t<trace>\n{head}{attributes}" + "\n".join(events) + "\n\t</trace>"


def xes_document(*traces: str, header: str = "") -> str:
    return XES_HEAD + header + "\n".join(traces) + "\n</log>\n"


def write(tmp_path: Path, text: str, name: str = "log.xes") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read_both(path: Path, **options: object) -> EventLog:
    """Read with the exact reader and with auto (fast if canonical); they must agree."""
    exact = read_xes(path, reader="lxml", **options)  # type: ignore[arg-type]
    auto = read_xes(path, reader="auto", **options)  # type: ignore[arg-type]
    assert_frame_equal(auto.events, exact.events)
    assert_frame_equal(auto.case_attributes, exact.case_attributes)
    assert auto.warnings == exact.warnings
    return auto


def frame_log(rows: Sequence[tuple[str, str, float, str | None]]) -> EventLog:
    """A log from (case, activity, seconds after T0, resource) rows in source order."""
    return make_event_log(
        pl.DataFrame(
            {
                "case_id": [r[0] for r in rows],
                "activity": [r[1] for r in rows],
                "timestamp": [T0 + timedelta(seconds=r[2]) for r in rows],
                "resource": [r[3] for r in rows],
            },
            schema_overrides={"timestamp": pl.Datetime("us", "UTC"), "resource": pl.String},
        )
    )
