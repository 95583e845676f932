"""Analyses on a log small enough to check by hand."""

from __future__ import annotations

import math
import statistics

import polars as pl
import pytest

from indgang.mining.engine import (
    EventLog,
    Variant,
    bottlenecks,
    case_durations,
    directly_follows,
    end_activities,
    eventlog,
    handovers,
    rework,
    start_activities,
    summarise,
    variants,
    waiting_times,
)
from indgang.mining.tests.helpers import frame_log


@pytest.fixture
def log() -> EventLog:
    # Rows deliberately out of order: the engine sorts by (case, timestamp, position).
    return frame_log(
        [
            ("c2", "B", 30, "Bo"),
            ("c1", "A", 0, "Ann"),
            ("c1", "B", 10, "Bo"),
            ("c2", "A", 0, "Ann"),
            ("c1", "C", 40, "Bo"),
            ("c2", "B", 20, "Ann"),
            ("c2", "C", 100, "Cy"),
            ("c3", "A", 0, None),
            ("c3", "C", 5, "Cy"),
        ]
    )


def test_the_dfg_counts_and_times_each_step(log: EventLog) -> None:
    edges = {(r["source"], r["target"]): r for r in directly_follows(log).iter_rows(named=True)}
    assert {k: v["count"] for k, v in edges.items()} == {
        ("A", "B"): 2,
        ("B", "C"): 2,
        ("B", "B"): 1,
        ("A", "C"): 1,
    }
    ab = edges[("A", "B")]
    assert (ab["mean_s"], ab["median_s"], ab["min_s"], ab["max_s"], ab["sum_s"]) == (
        15.0,
        15.0,
        10.0,
        20.0,
        30.0,
    )
    # Sample standard deviation (n - 1), as pandas/pm4py.
    assert math.isclose(ab["stdev_s"], statistics.stdev([10, 20]))
    assert edges[("B", "B")]["stdev_s"] is None
    assert edges[("B", "C")]["median_s"] == 50.0  # even count: mean of 30 and 70


def test_start_end_variants_and_durations(log: EventLog) -> None:
    assert start_activities(log) == {"A": 3}
    assert end_activities(log) == {"C": 3}
    table = variants(log)
    assert table.get_column("activities").to_list() == [
        ["A", "B", "B", "C"],
        ["A", "B", "C"],
        ["A", "C"],
    ]
    assert table.get_column("count").to_list() == [1, 1, 1]
    durations = case_durations(log).sort("case_id")
    assert durations.get_column("duration_s").to_list() == [40.0, 100.0, 5.0]


def test_the_summary_brings_it_together(log: EventLog) -> None:
    summary = summarise(log)
    assert (summary.cases, summary.events, summary.activities) == (3, 9, 3)
    assert summary.activity_counts == {"A": 3, "B": 3, "C": 3}
    assert summary.variants[0] == Variant(("A", "B", "B", "C"), 1, 1 / 3)
    assert summary.case_durations.to_dict() == {
        "min": 5.0,
        "max": 100.0,
        "mean": 145 / 3,
        "median": 40.0,
    }
    assert summary.dfg[0].count == 2
    assert summarise(log, max_variants=1).variants == summary.variants[:1]


def test_waiting_time_is_measured_before_each_activity(log: EventLog) -> None:
    rows = {r["activity"]: r for r in waiting_times(log).iter_rows(named=True)}
    assert rows["B"]["count"] == 3 and rows["B"]["sum_s"] == 40.0
    assert rows["C"]["count"] == 3 and rows["C"]["sum_s"] == 30 + 70 + 5
    assert "A" not in rows  # nothing waits before the first event of a case


def test_rework_counts_repeats_within_a_case(log: EventLog) -> None:
    rows = {r["activity"]: r for r in rework(log).iter_rows(named=True)}
    assert (
        rows["B"]["cases"],
        rows["B"]["cases_with_rework"],
        rows["B"]["repeated_executions"],
    ) == (2, 1, 1)
    assert rows["B"]["share_of_cases"] == pytest.approx(1 / 3)
    assert rows["A"]["cases_with_rework"] == 0


def test_bottlenecks_rank_transitions_by_total_wait(log: EventLog) -> None:
    top = bottlenecks(log, top=2)
    assert top.select("source", "target").rows() == [("B", "C"), ("A", "B")]
    assert top.get_column("share_of_wait")[0] == pytest.approx(100 / 145)


def test_handovers_count_changes_of_resource(log: EventLog) -> None:
    table = handovers(log)
    pairs = {
        (r["from_resource"], r["to_resource"]): r["count"] for r in table.iter_rows(named=True)
    }
    # c1: Ann->Bo, Bo->Bo; c2: Ann->Ann, Ann->Bo, Bo->Cy; c3: unknown->Cy (not counted).
    assert pairs == {("Ann", "Bo"): 2, ("Bo", "Cy"): 1}


def test_cases_stay_grouped_even_if_case_ids_share_a_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    # Force every case id onto one hash value: the engine must notice and sort by the id.
    monkeypatch.setattr(eventlog, "case_hash", lambda: pl.col("case_id").hash() * 0)
    rows = [
        ("c2", "B", 30, None),
        ("c1", "A", 0, None),
        ("c2", "A", 0, None),
        ("c1", "B", 10, None),
    ]
    log = frame_log(rows)
    assert log.events.select("case_id", "activity").rows() == [
        ("c1", "A"),
        ("c1", "B"),
        ("c2", "A"),
        ("c2", "B"),
    ]
    assert summarise(log).variants == (Variant(("A", "B"), 2, 1.0),)
