"""Indgang's results equal pm4py's on every real log in the shared data.

pm4py is AGPL and may only be used here (tests) and in bench/, never at runtime.
Each log is read once per module by pm4py and once by us (module-scoped fixtures).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from polars.testing import assert_frame_equal

from indgang.mining.engine import (
    EventLog,
    ProcessSummary,
    case_durations,
    guess_mapping,
    read_csv,
    read_xes,
    summarise,
)
from indgang.mining.tests.eventlogs import MUNICIPAL, all_logs, log_name

LOGS = all_logs()
XES_LOGS = [p for p in LOGS if ".xes" in p.name]


@dataclass
class Reference:
    events: int
    cases: int
    dfg: dict[tuple[str, str], int]
    performance: dict[tuple[str, str], dict[str, float]]
    start: dict[str, int]
    end: dict[str, int]
    variants: dict[tuple[str, ...], int]
    durations: list[float]


def _pm4py_frame(path: Path, variant: str | None = None) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pandas as pd
        import pm4py

        if ".xes" in path.name:
            frame = (
                pm4py.read_xes(str(path), variant=variant) if variant else pm4py.read_xes(str(path))
            )
            return pm4py.format_dataframe(frame)
        mapping = guess_mapping(pd.read_csv(path, nrows=0).columns.tolist())
        return pm4py.format_dataframe(
            pd.read_csv(path, dtype=str),
            case_id=mapping.case_id,
            activity_key=mapping.activity,
            timestamp_key=mapping.timestamp,
        )


def _reference(frame: Any) -> Reference:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pm4py

        dfg, start, end = pm4py.discover_dfg(frame)
        performance, _, _ = pm4py.discover_performance_dfg(frame)
        return Reference(
            events=len(frame),
            cases=int(frame["case:concept:name"].nunique()),
            dfg={k: int(v) for k, v in dfg.items()},
            performance={k: {m: float(x) for m, x in v.items()} for k, v in performance.items()},
            start={k: int(v) for k, v in start.items()},
            end={k: int(v) for k, v in end.items()},
            variants={tuple(k): int(v) for k, v in pm4py.get_variants(frame).items()},
            durations=sorted(float(d) for d in pm4py.get_all_case_durations(frame)),
        )


def _read(path: Path, **options: Any) -> EventLog:
    if ".xes" in path.name:
        return read_xes(path, **options)
    return read_csv(path)


@dataclass
class Pair:
    log: EventLog
    ours: ProcessSummary
    theirs: Reference


@pytest.fixture(scope="module", params=LOGS, ids=log_name)
def pair(request: pytest.FixtureRequest) -> Pair:
    path: Path = request.param
    log = _read(path)
    return Pair(log=log, ours=summarise(log), theirs=_reference(_pm4py_frame(path)))


def test_event_and_case_counts_are_identical(pair: Pair) -> None:
    assert (pair.ours.events, pair.ours.cases) == (pair.theirs.events, pair.theirs.cases)


def test_dfg_counts_are_identical(pair: Pair) -> None:
    assert {(e.source, e.target): e.count for e in pair.ours.dfg} == pair.theirs.dfg


def test_start_and_end_activities_are_identical(pair: Pair) -> None:
    assert pair.ours.start == pair.theirs.start
    assert pair.ours.end == pair.theirs.end


def test_variant_counts_are_identical(pair: Pair) -> None:
    assert {v.activities: v.count for v in pair.ours.variants} == pair.theirs.variants


def test_case_durations_are_identical(pair: Pair) -> None:
    ours = sorted(case_durations(pair.log).get_column("duration_s").to_list())
    # Timestamps are microsecond values; compare at that resolution (float printing aside).
    assert [round(d, 6) for d in ours] == [round(d, 6) for d in pair.theirs.durations]


@pytest.mark.parametrize("statistic", ["mean", "median", "min", "max", "sum", "stdev"])
def test_performance_statistics_agree_to_1e_9(pair: Pair, statistic: str) -> None:
    ours = {(e.source, e.target): e for e in pair.ours.dfg}
    assert ours.keys() == pair.theirs.performance.keys()
    field = "stdev_s" if statistic == "stdev" else f"{statistic}_s"
    for edge, figures in pair.theirs.performance.items():
        expected, actual = figures[statistic], getattr(ours[edge], field)
        if math.isnan(expected):  # pandas' sample stdev of a single value
            assert actual is None, (edge, statistic)
        else:
            assert actual is not None
            assert math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9), (
                edge,
                statistic,
                actual,
                expected,
            )


@pytest.fixture(scope="module", params=XES_LOGS, ids=log_name)
def exact_and_fast(request: pytest.FixtureRequest) -> tuple[EventLog, EventLog]:
    path: Path = request.param
    return read_xes(path, reader="lxml"), read_xes(path, reader="auto")


def test_fast_reader_gives_the_same_log_as_the_exact_reader(
    exact_and_fast: tuple[EventLog, EventLog],
) -> None:
    exact, fast = exact_and_fast
    assert_frame_equal(fast.events, exact.events)
    assert_frame_equal(fast.case_attributes, exact.case_attributes)


def test_the_real_logs_take_the_fast_path() -> None:
    # If a log fell back to lxml the bench would quietly get 10x slower; keep it honest.
    for path in XES_LOGS:
        read_xes(path, reader="fast", attributes="standard")


@pytest.mark.parametrize("path", [p for p in XES_LOGS if log_name(p) in MUNICIPAL], ids=log_name)
def test_global_defaults_are_the_only_difference_to_pm4pys_own_parser(path: Path) -> None:
    """pm4py's own XES parser ignores <global> defaults; in this environment pm4py.read_xes
    delegates to rustxes, which applies them (so the default comparison above is exact).

    pm4py's parser leaves an event without concept:name nameless and format_dataframe drops
    it. We apply the default ('UNKNOWN' in CoSeLoG_WABO_1). Without globals, dropping such
    events, we must equal pm4py's own parser exactly; with them, differ only by those events.
    """
    theirs = _reference(_pm4py_frame(path, variant="iterparse"))
    without_globals = read_xes(path, apply_globals=False, on_incomplete="drop")
    plain = summarise(without_globals)
    assert {(e.source, e.target): e.count for e in plain.dfg} == theirs.dfg
    assert {v.activities: v.count for v in plain.variants} == theirs.variants
    assert (plain.start, plain.end) == (theirs.start, theirs.end)

    with_globals = read_xes(path)
    extra = with_globals.events.height - without_globals.events.height
    defaulted = with_globals.events.join(
        without_globals.events.select("position"), on="position", how="anti"
    )
    assert defaulted.height == extra
    if log_name(path) == "CoSeLoG_WABO_1":
        assert extra == 1
        assert defaulted.get_column("activity").to_list() == ["UNKNOWN"]
        assert defaulted.get_column("case_id").to_list() == ["4565008"]


def test_the_logs_directory_has_every_log_named_in_sources() -> None:
    names = {log_name(p) for p in LOGS}
    assert {"receipt_WABO", "BPIC15_1", "CoSeLoG_WABO_1", "BPIC12"} <= names
    assert any(n.startswith("Road_Traffic_Fine") for n in names)
