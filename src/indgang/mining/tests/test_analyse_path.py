"""The command contract: analyse_path(PATH) -> one JSON object."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indgang.mining.engine import EventLogError, analyse_path, detect_format
from indgang.mining.tests.eventlogs import all_logs, log_name

KEYS = {
    "cases",
    "events",
    "activities",
    "dfg",
    "start",
    "end",
    "variants",
    "case_durations_s",
    "findings",
}
DFG_KEYS = {"from", "to", "count", "mean_s", "median_s", "min_s", "max_s", "sum_s", "stdev_s"}


def test_an_xes_log_gives_the_contracted_object() -> None:
    path = next(p for p in all_logs() if log_name(p) == "receipt_WABO")
    result = analyse_path(path)
    text = json.dumps(result, allow_nan=False)  # strict JSON: no NaN
    assert set(json.loads(text)) == KEYS
    assert (result["cases"], result["events"], result["activities"]) == (1434, 8577, 27)
    assert all(set(edge) == DFG_KEYS for edge in result["dfg"])
    assert sum(result["start"].values()) == result["cases"]
    assert sum(v["count"] for v in result["variants"]) == result["cases"]
    assert set(result["variants"][0]) == {"activities", "count"}
    assert set(result["case_durations_s"]) == {"min", "max", "mean", "median"}
    assert len(result["findings"]) >= 5


def test_a_csv_log_and_single_observations(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "case_id,activity,timestamp\n"
        "1,a,2024-03-01T10:00:00Z\n1,b,2024-03-01T10:00:30Z\n2,a,2024-03-01T11:00:00Z\n"
    )
    result = analyse_path(path)
    assert result["dfg"] == [
        {
            "from": "a",
            "to": "b",
            "count": 1,
            "mean_s": 30.0,
            "median_s": 30.0,
            "min_s": 30.0,
            "max_s": 30.0,
            "sum_s": 30.0,
            "stdev_s": None,
        }
    ]
    assert result["case_durations_s"] == {"min": 0.0, "max": 30.0, "mean": 15.0, "median": 15.0}
    assert result["variants"] == [
        {"activities": ["a"], "count": 1},
        {"activities": ["a", "b"], "count": 1},
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.xes", "xes"), ("A.XES.GZ", "xes"), ("b.csv", "csv"), ("b.csv.gz", "csv")],
)
def test_the_format_follows_the_extension(name: str, kind: str) -> None:
    assert detect_format(name) == kind


def test_other_extensions_are_refused() -> None:
    with pytest.raises(EventLogError) as caught:
        analyse_path("log.json")
    assert caught.value.code == "unsupported_format"
    assert "understøttes ikke" in caught.value.message_da


def test_the_analyse_command_starts_without_django(tmp_path):
    """`indgang mining analyse` skips Django: a broken settings module does not matter."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).with_name("indgang")
    receipt = next(p for p in all_logs() if p.name.startswith("receipt_WABO"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "no.such.settings"}
    done = subprocess.run(
        [str(script), "mining", "analyse", str(receipt), "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["cases"] == 1434
    missing = subprocess.run(
        [str(script), "mining", "analyse", str(tmp_path / "none.xes")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert missing.returncode == 1
    assert "Traceback" not in missing.stderr and "does not exist" in missing.stderr
