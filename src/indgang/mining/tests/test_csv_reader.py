"""The CSV reader: column mapping, timestamp formats and clear errors."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from indgang.mining.engine import CsvMapping, EventLogError, read_csv


def write(tmp_path: Path, text: str, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path, mapping: CsvMapping | None = None) -> EventLogError:
    with pytest.raises(EventLogError) as caught:
        read_csv(path, mapping)
    return caught.value


MAPPING = CsvMapping(
    case_id="Sag", activity="Trin", timestamp="Tid", resource="Medarbejder", lifecycle="Fase"
)


def test_a_mapping_names_the_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Sag,Trin,Tid,Medarbejder,Fase,Beløb\n"
        "s1,Modtag,2024-03-01T10:00:00+01:00,Ann,complete,100\n"
        "s1,Afgør,2024-03-02T10:00:00+01:00,Bo,complete,\n",
    )
    log = read_csv(path, MAPPING)
    assert log.events.columns == [
        "case_id",
        "activity",
        "timestamp",
        "resource",
        "lifecycle",
        "position",
        "Beløb",
    ]
    assert log.events.row(0) == (
        "s1",
        "Modtag",
        datetime(2024, 3, 1, 9, 0, tzinfo=UTC),
        "Ann",
        "complete",
        0,
        "100",
    )


def test_well_known_column_names_need_no_mapping(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "case:concept:name,concept:name,time:timestamp,org:resource\n1,a,2024-03-01 10:00:00,Ann\n",
    )
    log = read_csv(path)
    assert log.events.select("case_id", "activity", "resource").row(0) == ("1", "a", "Ann")


def test_unknown_column_names_ask_for_a_mapping(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "x,y,z\n1,2,3\n"))
    assert error.code == "csv_mapping_needed"
    assert error.details["available"] == ["x", "y", "z"]
    assert "x, y, z" in error.message_da


def test_a_mapped_column_that_is_missing_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "Sag,Trin,Tid\ns1,a,2024-03-01T10:00:00Z\n")
    error = error_of(path, MAPPING)
    assert error.code == "csv_missing_column"
    assert error.details["missing"] == ["Fase", "Medarbejder"]
    assert "mangler kolonnerne: Fase, Medarbejder" in error.message_da
    assert "It has: Sag, Trin, Tid" in error.message_en


def test_one_column_cannot_have_two_roles(tmp_path: Path) -> None:
    path = write(tmp_path, "Sag,Trin,Tid\ns1,a,2024-03-01T10:00:00Z\n")
    error = error_of(path, CsvMapping(case_id="Sag", activity="Sag", timestamp="Tid"))
    assert error.code == "csv_mapping_conflict"


def test_a_bad_timestamp_names_the_line_and_value(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "case_id,activity,timestamp\ns1,a,2024-03-01T10:00:00Z\ns1,b,1. marts\ns1,c,not a date\n",
    )
    error = error_of(path)
    assert error.code == "csv_bad_timestamp"
    assert error.details == {
        "line": 3,
        "value": "1. marts",
        "column": "timestamp",
        "format": "ISO 8601, e.g. 2024-03-01T09:30:00+01:00",
        "count": 2,
    }
    assert error.message_da.startswith("Linje 3: '1. marts'")


def test_a_timestamp_format_and_local_time_zone(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "case_id,activity,timestamp\ns1,a,01-03-2024 10:00\ns1,b,01-07-2024 10:00\n",
    )
    mapping = CsvMapping(timestamp_format="%d-%m-%Y %H:%M", timezone="Europe/Copenhagen")
    stamps = read_csv(path, mapping).events.get_column("timestamp").to_list()
    # Winter time is UTC+1, summer time UTC+2.
    assert stamps == [
        datetime(2024, 3, 1, 9, 0, tzinfo=UTC),
        datetime(2024, 7, 1, 8, 0, tzinfo=UTC),
    ]
    wrong = error_of(path, CsvMapping(timestamp_format="%Y/%m/%d"))
    assert wrong.code == "csv_bad_timestamp"
    assert "%Y/%m/%d" in wrong.message_en


def test_an_empty_case_id_names_the_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, "case_id,activity,timestamp\ns1,a,2024-03-01T10:00:00Z\n,b,2024-03-01T11:00:00Z\n"
    )
    error = error_of(path)
    assert (error.code, error.details["line"], error.details["column"]) == (
        "csv_missing_value",
        3,
        "case_id",
    )


@pytest.mark.parametrize("text", ["", "case_id,activity,timestamp\n"])
def test_an_empty_file_is_an_empty_log(tmp_path: Path, text: str) -> None:
    assert error_of(write(tmp_path, text)).code == "empty_log"


def test_ragged_rows_and_bad_encoding_are_malformed(tmp_path: Path) -> None:
    ragged = write(tmp_path, "case_id,activity,timestamp\ns1,a,2024-03-01T10:00:00Z,extra,more\n")
    assert error_of(ragged).code == "csv_malformed"
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(
        "case_id,activity,timestamp\ns1,Afgør,2024-03-01T10:00:00Z\n".encode("latin-1")
    )
    assert error_of(latin1).code == "csv_malformed"


def test_bad_options_are_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "case_id,activity,timestamp\ns1,a,2024-03-01T10:00:00Z\n")
    assert error_of(path, CsvMapping(separator=";;")).code == "csv_bad_separator"
    assert error_of(path, CsvMapping(timezone="Mars/Olympus")).code == "unknown_timezone"
    assert error_of(tmp_path / "missing.csv").code == "file_not_found"


def test_rows_with_equal_timestamps_keep_file_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "case_id,activity,timestamp\n"
        "s2,x,2024-03-01T09:00:00Z\n"
        "s1,b,2024-03-01T10:00:00Z\n"
        "s1,a,2024-03-01T10:00:00Z\n"
        "s1,c,2024-03-01T08:00:00Z\n",
    )
    log = read_csv(path)
    s1 = log.events.filter(pl.col("case_id") == "s1")
    assert s1.get_column("activity").to_list() == ["c", "b", "a"]


def test_gzipped_csv_and_other_separators(tmp_path: Path) -> None:
    path = tmp_path / "log.csv.gz"
    path.write_bytes(gzip.compress(b"case_id;activity;timestamp\ns1;a;2024-03-01T10:00:00Z\n"))
    log = read_csv(path, CsvMapping(separator=";"))
    assert log.events.get_column("activity").to_list() == ["a"]


def test_other_columns_can_be_left_out_and_standard_names_do_not_clash(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "id,what,when,position\ns1,a,2024-03-01T10:00:00Z,7\n",
    )
    kept = read_csv(path, CsvMapping(case_id="id", activity="what", timestamp="when"))
    assert kept.events.get_column("attr:position").to_list() == ["7"]
    assert kept.events.get_column("position").to_list() == [0]
    lean = read_csv(
        path, CsvMapping(case_id="id", activity="what", timestamp="when", keep_other_columns=False)
    )
    assert "attr:position" not in lean.events.columns
