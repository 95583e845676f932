"""Export to XES and CSV reads back into an equal log."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from indgang.mining.engine import (
    CsvMapping,
    export_csv,
    export_xes,
    make_event_log,
    read_csv,
    read_xes,
)
from indgang.mining.tests.eventlogs import all_logs, log_name
from indgang.mining.tests.helpers import T0


def canonical(frame: pl.DataFrame) -> pl.DataFrame:
    """The order of cases is unspecified; compare logs with cases in id order."""
    return frame.sort(["case_id", "timestamp", "position"])


def platform_events() -> pl.DataFrame:
    """What the platform's own case events will look like: standard columns plus extras."""
    return pl.DataFrame(
        {
            "case_id": ["K-1", "K-1", "K-2"],
            "activity": ['Modtag "ansøgning"', "Afgør <sag> & luk", "Modtag\tansøgning"],
            "timestamp": [T0, T0 + timedelta(microseconds=1_500_250), T0],
            "resource": ["Ann", None, "Bo"],
            "lifecycle": ["complete", "complete", None],
            "position": [0, 1, 2],
            "points": [3, None, 1],
            "amount": [35.5, 0.1, None],
            "urgent": [True, False, None],
            "due": [T0 + timedelta(days=30), None, T0],
            "note": ["æøå", None, "x"],
        },
        schema_overrides={"timestamp": pl.Datetime("us", "UTC"), "due": pl.Datetime("us", "UTC")},
    )


@pytest.mark.parametrize("name", ["out.xes", "out.xes.gz"])
def test_xes_round_trip(tmp_path: Path, name: str) -> None:
    log = make_event_log(platform_events(), pl.DataFrame({"case_id": ["K-1"], "team": ["tmf"]}))
    export_xes(log, tmp_path / name)
    for reader in ("auto", "lxml"):
        back = read_xes(tmp_path / name, reader=reader)
        assert_frame_equal(canonical(back.events.select(log.events.columns)), canonical(log.events))
        assert back.case_attributes.filter(pl.col("team").is_not_null()).rows() == [("K-1", "tmf")]


def test_xes_export_of_a_plain_frame_is_canonical(tmp_path: Path) -> None:
    export_xes(platform_events(), tmp_path / "out.xes")
    read_xes(tmp_path / "out.xes", reader="fast")


@pytest.mark.parametrize("name", ["out.csv", "out.csv.gz"])
def test_csv_round_trip(tmp_path: Path, name: str) -> None:
    log = make_event_log(platform_events())
    export_csv(log, tmp_path / name)
    mapping = CsvMapping(resource="resource", lifecycle="lifecycle")
    back = read_csv(tmp_path / name, mapping)
    standard = list(log.events.columns[:6])
    assert_frame_equal(
        canonical(back.events.select(standard)), canonical(log.events.select(standard))
    )
    # The exported 'position' column comes back as an ordinary (text) attribute.
    assert canonical(back.events).get_column("attr:position").to_list() == ["0", "1", "2"]


def test_a_real_log_survives_the_round_trip(tmp_path: Path) -> None:
    path = next(p for p in all_logs() if log_name(p) == "receipt_WABO")
    log = read_xes(path)
    export_xes(log, tmp_path / "receipt.xes.gz")
    back = read_xes(tmp_path / "receipt.xes.gz")
    assert_frame_equal(back.events, log.events)
