"""Filters return smaller logs that still satisfy the event-log invariant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from indgang.mining.engine import (
    EventLog,
    EventLogError,
    filter_activities,
    filter_attribute,
    filter_case_duration,
    filter_time_range,
    filter_top_variants,
    filter_variants,
    make_event_log,
)
from indgang.mining.tests.helpers import T0, frame_log


@pytest.fixture
def log() -> EventLog:
    return frame_log(
        [
            ("c1", "A", 0, "Ann"),
            ("c1", "B", 3600, "Bo"),
            ("c2", "A", 7200, "Ann"),
            ("c2", "C", 10800, "Cy"),
            ("c3", "A", 0, "Bo"),
            ("c3", "B", 86400, "Bo"),
            ("c4", "A", 100, "Ann"),
            ("c4", "B", 200, "Ann"),
        ]
    )


def cases(log: EventLog) -> list[str]:
    return sorted(log.events.get_column("case_id").unique().to_list())


def test_time_range_modes(log: EventLog) -> None:
    start, end = T0, T0 + timedelta(hours=2)
    assert cases(filter_time_range(log, start, end, mode="contained")) == ["c1", "c4"]
    assert cases(filter_time_range(log, start, end, mode="intersecting")) == [
        "c1",
        "c2",
        "c3",
        "c4",
    ]
    events = filter_time_range(log, start, end, mode="events")
    assert events.n_events == 6
    naive = datetime(2024, 3, 1, 8, 0)  # naive means UTC
    assert filter_time_range(log, naive, naive + timedelta(hours=2)).n_events == 4
    with pytest.raises(EventLogError) as caught:
        filter_time_range(log, end, start)
    assert caught.value.code == "filter_bad_range"


def test_activity_modes(log: EventLog) -> None:
    assert filter_activities(log, ["A"], mode="keep_events").n_events == 4
    assert filter_activities(log, ["A"], mode="drop_events").n_events == 4
    assert cases(filter_activities(log, ["C"], mode="cases_with")) == ["c2"]
    assert cases(filter_activities(log, ["C"], mode="cases_without")) == ["c1", "c3", "c4"]


def test_variant_filters(log: EventLog) -> None:
    assert cases(filter_variants(log, [("A", "C")])) == ["c2"]
    assert cases(filter_variants(log, [["A", "C"]], keep=False)) == ["c1", "c3", "c4"]
    assert cases(filter_top_variants(log, 1)) == ["c1", "c3", "c4"]


def test_attribute_filters_on_events_and_cases(log: EventLog) -> None:
    assert filter_attribute(log, "resource", ["Ann"]).n_events == 4
    assert cases(filter_attribute(log, "resource", ["Cy"], level="case")) == ["c2"]
    assert cases(filter_attribute(log, "resource", ["Bo"], level="case", keep=False)) == [
        "c2",
        "c4",
    ]
    with pytest.raises(EventLogError) as caught:
        filter_attribute(log, "colour", ["red"])
    assert caught.value.code == "filter_unknown_attribute"


def test_case_attributes_filter_whole_cases() -> None:
    events = pl.DataFrame(
        {
            "case_id": ["c1", "c2"],
            "activity": ["A", "A"],
            "timestamp": [T0, T0],
        }
    )
    attrs = pl.DataFrame({"case_id": ["c1", "c2"], "department": ["tmf", "sof"]})
    log = make_event_log(events, attrs)
    kept = filter_attribute(log, "department", ["sof"], level="case")
    assert cases(kept) == ["c2"]
    assert kept.case_attributes.get_column("case_id").to_list() == ["c2"]


def test_case_duration_filter(log: EventLog) -> None:
    assert cases(filter_case_duration(log, min_s=3600)) == ["c1", "c2", "c3"]
    assert cases(filter_case_duration(log, max_s=3600)) == ["c1", "c2", "c4"]


def test_filtered_logs_keep_their_order(log: EventLog) -> None:
    kept = filter_activities(log, ["B", "C"], mode="cases_with")
    assert kept.events.equals(log.events.filter(pl.col("case_id").is_in(["c1", "c2", "c3", "c4"])))
    assert kept.events.get_column("timestamp").to_list()[0] == datetime(
        2024, 3, 1, 8, 0, tzinfo=UTC
    )
