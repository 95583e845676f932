"""The XES reader on tiny hand-made logs: ties, globals, UTC, classifiers, bad input."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from indgang.mining.engine import EventLogError, read_xes, read_xes_bytes, summarise
from indgang.mining.tests.helpers import attr, event, read_both, trace, write, xes_document


def utc(
    year: int, month: int, day: int, hour: int, minute: int, second: int = 0, micro: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


def test_equal_timestamps_keep_file_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        xes_document(
            trace(
                "c1",
                event("X", "2024-03-01T10:00:00+00:00"),
                event("Y", "2024-03-01T09:00:00+00:00"),
                event("Z", "2024-03-01T09:00:00+00:00"),
                event("W", "2024-03-01T09:00:00+00:00"),
            )
        ),
    )
    log = read_both(path)
    assert log.events.get_column("activity").to_list() == ["Y", "Z", "W", "X"]
    assert log.events.get_column("position").to_list() == [1, 2, 3, 0]
    assert summarise(log).variants[0].activities == ("Y", "Z", "W", "X")


def test_timestamps_are_normalised_to_utc(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        xes_document(
            trace(
                "c1",
                event("a", "2024-03-01T10:00:00+02:00"),
                event("b", "2024-03-01T08:30:00Z"),
                event("c", "2024-03-01T08:45:00.500-01:00"),
                event("d", "2024-03-01T11:00:00"),
            )
        ),
    )
    log = read_both(path)
    assert log.events.schema["timestamp"] == pl.Datetime("us", "UTC")
    assert log.events.get_column("timestamp").to_list() == [
        utc(2024, 3, 1, 8, 0),
        utc(2024, 3, 1, 8, 30),
        utc(2024, 3, 1, 9, 45, 0, 500000),
        utc(2024, 3, 1, 11, 0),  # no offset: read as UTC, like pm4py
    ]
    local = read_xes(path, timezone="Europe/Copenhagen")
    assert local.events.get_column("timestamp")[3] == utc(2024, 3, 1, 10, 0)


def test_event_globals_fill_in_missing_attributes(tmp_path: Path) -> None:
    header = (
        '\t<global scope="event">\n'
        '\t\t<string key="concept:name" value="UNKNOWN"/>\n'
        '\t\t<string key="org:resource" value="nobody"/>\n'
        '\t\t<int key="points" value="0"/>\n'
        "\t</global>\n"
        '\t<global scope="trace">\n\t\t<string key="department" value="none"/>\n\t</global>\n'
    )
    path = write(
        tmp_path,
        xes_document(
            trace(
                "c1",
                event("a", "2024-03-01T08:00:00Z", attr("string", "org:resource", "Ann")),
                event(None, "2024-03-01T09:00:00Z", attr("int", "points", "3")),
            ),
            trace(
                "c2",
                event("a", "2024-03-01T08:00:00Z"),
                attributes='\t\t<string key="department" value="tmf"/>\n',
            ),
            header=header,
        ),
    )
    log = read_both(path)
    rows = log.events.select("case_id", "activity", "resource", "points").rows()
    assert rows == [("c1", "a", "Ann", 0), ("c1", "UNKNOWN", "nobody", 3), ("c2", "a", "nobody", 0)]
    assert log.case_attributes.sort("case_id").rows() == [("c1", "none"), ("c2", "tmf")]


def test_without_globals_an_unnamed_event_is_an_error_or_dropped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        xes_document(
            trace("c1", event("a", "2024-03-01T08:00:00Z"), event(None, "2024-03-01T09:00:00Z"))
        ),
    )
    with pytest.raises(EventLogError) as caught:
        read_xes(path)
    assert caught.value.code == "xes_missing_activity"
    assert "1 hændelser mangler aktivitet" in caught.value.message_da
    dropped = read_xes(path, on_incomplete="drop")
    assert dropped.events.get_column("activity").to_list() == ["a"]
    assert any("dropped" in w for w in dropped.warnings)


def test_a_missing_timestamp_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, xes_document(trace("c1", event("a", None))))
    with pytest.raises(EventLogError) as caught:
        read_xes(path)
    assert caught.value.code == "xes_missing_timestamp"


def test_an_unparsable_timestamp_names_the_event(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        xes_document(trace("c1", event("a", "2024-03-01T08:00:00Z"), event("b", "yesterday"))),
    )
    with pytest.raises(EventLogError) as caught:
        read_xes(path)
    assert caught.value.code == "xes_bad_timestamp"
    assert caught.value.details["value"] == "yesterday"
    assert "Event no. 2" in caught.value.message_en


def test_classifiers_build_the_activity(tmp_path: Path) -> None:
    header = (
        '\t<classifier name="Activity classifier" keys="concept:name lifecycle:transition"/>\n'
        '\t<classifier name="By code" keys="\'activity code\' lifecycle:transition"/>\n'
    )
    path = write(
        tmp_path,
        xes_document(
            trace(
                "c1",
                event(
                    "a",
                    "2024-03-01T08:00:00Z",
                    attr("string", "lifecycle:transition", "start"),
                    attr("string", "activity code", "A1"),
                ),
                event(
                    "a",
                    "2024-03-01T09:00:00Z",
                    attr("string", "lifecycle:transition", "complete"),
                    attr("string", "activity code", "A1"),
                ),
            ),
            header=header,
        ),
    )
    default = read_both(path)
    assert default.events.get_column("activity").to_list() == ["a", "a"]
    assert default.events.get_column("lifecycle").to_list() == ["start", "complete"]
    assert default.classifiers["By code"] == ("activity code", "lifecycle:transition")
    classified = read_both(path, classifier="Activity classifier")
    assert classified.events.get_column("activity").to_list() == ["a+start", "a+complete"]
    by_code = read_xes(path, classifier="By code", attributes="standard")
    assert by_code.events.get_column("activity").to_list() == ["A1+start", "A1+complete"]
    with pytest.raises(EventLogError) as caught:
        read_xes(path, classifier="Nope")
    assert caught.value.code == "xes_unknown_classifier"
    assert caught.value.details["available"] == ["Activity classifier", "By code"]


def test_nested_attributes_are_ignored_but_their_parent_kept(tmp_path: Path) -> None:
    nested = (
        '<string key="question" value="yes">\n'
        '\t\t\t\t<string key="question_code" value="Q1"/>\n'
        '\t\t\t\t<int key="weight" value="2">\n\t\t\t\t\t<string key="deep" value="x"/>\n'
        "\t\t\t\t</int>\n"
        "\t\t\t</string>"
    )
    empty_body = '<string key="note" value="n">\n\t\t\t</string>'
    path = write(
        tmp_path,
        xes_document(trace("c1", event("a", "2024-03-01T08:00:00Z", nested, empty_body))),
    )
    log = read_both(path)
    assert log.events.select("question", "note").rows() == [("yes", "n")]
    assert "question_code" not in log.events.columns
    read_xes(path, reader="fast")  # bracketed bodies are still canonical


def test_entities_and_whitespace_are_decoded_like_xml(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        xes_document(
            trace(
                "R&amp;D",
                event(
                    "Tjek &lt;bilag&gt; &amp; &quot;svar&quot; &#233;&#x00E6;",
                    "2024-03-01T08:00:00Z",
                ),
                event("tab\there", "2024-03-01T09:00:00Z"),
            )
        ),
    )
    log = read_both(path)
    assert log.events.get_column("activity").to_list() == ['Tjek <bilag> & "svar" éæ', "tab here"]
    assert log.events.get_column("case_id")[0] == "R&D"


def test_a_non_canonical_layout_reads_the_same_through_the_exact_reader(tmp_path: Path) -> None:
    canonical = xes_document(
        trace("c1", event("a", "2024-03-01T08:00:00Z"), event("b", "2024-03-01T09:00:00Z"))
    )
    odd = (
        '<?xml version="1.0"?><!-- one line, value before key -->'
        '<log xmlns="http://www.xes-standard.org/"><trace><string value="c1" key="concept:name"/>'
        "<event><string key='concept:name' value='a'/><date key=\"time:timestamp\" "
        'value="2024-03-01T08:00:00Z"/></event><!-- x --><event>'
        '<string key="concept:name" value="b"/><date key="time:timestamp" '
        'value="2024-03-01T09:00:00Z"/></event></trace></log>'
    )
    expected = read_xes(write(tmp_path, canonical, "a.xes"))
    odd_path = write(tmp_path, odd, "b.xes")
    assert read_xes(odd_path).events.equals(expected.events)
    with pytest.raises(EventLogError) as caught:
        read_xes(odd_path, reader="fast")
    assert caught.value.code == "xes_not_canonical"


def test_types_are_kept_and_mixed_types_fall_back_to_text(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        xes_document(
            trace(
                "c1",
                event(
                    "a",
                    "2024-03-01T08:00:00Z",
                    attr("int", "n", "7"),
                    attr("float", "amount", "35.5"),
                    attr("boolean", "urgent", "true"),
                    attr("date", "due", "2024-04-01T00:00:00+02:00"),
                    attr("int", "mixed", "1"),
                ),
                event("b", "2024-03-01T09:00:00Z", attr("string", "mixed", "one")),
            )
        ),
    )
    log = read_both(path)
    schema = log.events.schema
    assert schema["n"] == pl.Int64
    assert schema["amount"] == pl.Float64
    assert schema["urgent"] == pl.Boolean
    assert schema["due"] == pl.Datetime("us", "UTC")
    assert log.events.get_column("due")[0] == utc(2024, 3, 31, 22, 0)
    assert log.events.get_column("mixed").to_list() == ["1", "one"]


def test_traces_with_the_same_name_are_one_case(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        xes_document(
            trace("c1", event("a", "2024-03-01T08:00:00Z")),
            trace("c2", event("x", "2024-03-01T08:00:00Z")),
            trace("c1", event("b", "2024-03-01T07:00:00Z")),
        ),
    )
    log = read_both(path)
    assert log.n_cases == 2
    assert log.events.filter(pl.col("case_id") == "c1").get_column("activity").to_list() == [
        "b",
        "a",
    ]
    assert any("merged" in w for w in log.warnings)


def test_unnamed_traces_get_a_generated_case_id(tmp_path: Path) -> None:
    path = write(tmp_path, xes_document(trace(None, event("a", "2024-03-01T08:00:00Z"))))
    log = read_both(path)
    assert log.events.get_column("case_id").to_list() == ["trace-1"]


def test_gzip_files_and_bytes_are_read(tmp_path: Path) -> None:
    text = xes_document(trace("c1", event("a", "2024-03-01T08:00:00Z")))
    gz = tmp_path / "log.xes.gz"
    gz.write_bytes(gzip.compress(text.encode()))
    assert read_xes(gz).events.get_column("activity").to_list() == ["a"]
    assert read_xes_bytes(gzip.compress(text.encode())).n_events == 1


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"<log><trace><event>", "xes_malformed"),
        (b'<?xml version="1.0"?><html><body/></html>', "xes_not_a_log"),
        (b"\x1f\x8b\x08\x00garbage", "bad_gzip"),
        (xes_document().encode(), "empty_log"),
        (
            b'<log><event><string key="concept:name" value="a"/></event></log>',
            "xes_event_outside_trace",
        ),
    ],
)
def test_bad_files_get_a_specific_error(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.xes"
    path.write_bytes(content)
    with pytest.raises(EventLogError) as caught:
        read_xes(path)
    assert caught.value.code == code
    assert caught.value.message_da and caught.value.message_en


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(EventLogError) as caught:
        read_xes(tmp_path / "nope.xes")
    assert caught.value.code == "file_not_found"
    assert "findes ikke" in caught.value.message_da


def test_list_attributes_are_skipped_with_a_warning(tmp_path: Path) -> None:
    listed = '<list key="tags">\n\t\t\t\t<string key="t" value="x"/>\n\t\t\t</list>'
    path = write(tmp_path, xes_document(trace("c1", event("a", "2024-03-01T08:00:00Z", listed))))
    log = read_xes(path)
    assert log.events.get_column("activity").to_list() == ["a"]
    assert "tags" not in log.events.columns
    assert any("list/container" in w for w in log.warnings)


def test_standard_attributes_mode_skips_the_rest(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        xes_document(
            trace(
                "c1",
                event(
                    "a",
                    "2024-03-01T08:00:00Z",
                    attr("string", "org:resource", "Ann"),
                    attr("int", "n", "1"),
                ),
            ),
        ),
    )
    log = read_xes(path, attributes="standard")
    assert log.events.columns == [
        "case_id",
        "activity",
        "timestamp",
        "resource",
        "lifecycle",
        "position",
    ]
    assert log.events.get_column("resource").to_list() == ["Ann"]


def test_other_declared_encodings_are_honoured(tmp_path: Path) -> None:
    text = xes_document(trace("c1", event("Afgør", "2024-03-01T08:00:00Z")))
    path = tmp_path / "latin1.xes"
    path.write_bytes(text.replace("UTF-8", "ISO-8859-1").encode("latin-1"))
    assert read_xes(path).events.get_column("activity").to_list() == ["Afgør"]


def test_an_attribute_without_a_value_is_ignored_by_both_readers(tmp_path: Path) -> None:
    odd = '<string key="note" other="x"/>'
    path = write(tmp_path, xes_document(trace("c1", event("a", "2024-03-01T08:00:00Z", odd))))
    log = read_both(path)
    assert "note" not in log.events.columns
