"""Findings: planted problems are found and described correctly; real logs give five or more."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indgang.mining.engine import EventLog, Finding, find_findings, process_potential, read_xes
from indgang.mining.engine.findings import fmt_duration, fmt_int, fmt_pct
from indgang.mining.tests.eventlogs import MUNICIPAL, all_logs, log_name
from indgang.mining.tests.helpers import frame_log

DAY = 86400.0


def planted_log() -> EventLog:
    """100 cases Register -> Assess -> Decide. 30 cases also 'Request missing documents',
    which adds a 20-day wait; 10 of those repeat 'Assess'. Decide is by another team."""
    rows: list[tuple[str, str, float, str | None]] = []
    for i in range(100):
        case = f"c{i:03}"
        t = 0.0
        rows.append((case, "Register", t, "front"))
        t += 3600
        rows.append((case, "Assess", t, "ann"))
        if i < 30:
            t += 3600
            rows.append((case, "Request missing documents", t, "ann"))
            t += 20 * DAY
            if i < 10:
                rows.append((case, "Assess", t, "ann"))
                t += 3600
        t += DAY + i * 60  # a little spread so medians are well defined
        rows.append((case, "Decide", t, "bo"))
    return frame_log(rows)


@pytest.fixture(scope="module")
def planted() -> list[Finding]:
    return find_findings(planted_log())


def by(findings: list[Finding], kind: str, **subject: str) -> Finding:
    for finding in findings:
        if finding.kind == kind and all(finding.subject.get(k) == v for k, v in subject.items()):
            return finding
    raise AssertionError(f"no {kind} finding for {subject}: {[f.id for f in findings]}")


def test_an_optional_step_that_slows_cases_is_found(planted: list[Finding]) -> None:
    finding = by(planted, "detour", activity="Request missing documents")
    assert finding.figures["cases"] == 30
    assert finding.figures["share_of_cases"] == pytest.approx(0.3)
    assert finding.figures["extra_median_duration_s"] == pytest.approx(20 * DAY, rel=0.01)
    assert finding.text_en.startswith(
        "In 30% of cases 'Request missing documents' occurs; those cases take 20 days longer"
    )
    assert finding.text_da.startswith(
        "I 30 % af sagerne forekommer »Request missing documents«; de sager tager 20 dage længere"
    )


def test_rework_is_found_with_its_extra_executions(planted: list[Finding]) -> None:
    finding = by(planted, "rework", activity="Assess")
    assert (finding.figures["cases"], finding.figures["repeated_executions"]) == (10, 10)
    assert "10 extra executions" in finding.text_en
    assert "10 ekstra udførelser" in finding.text_da


def test_the_big_wait_is_the_top_bottleneck(planted: list[Finding]) -> None:
    bottlenecks = [f for f in planted if f.kind == "bottleneck"]
    assert bottlenecks[0].subject["from"] == "Request missing documents"
    assert bottlenecks[0].figures["share_of_case_time"] > 0.5


def test_findings_are_ranked_and_complete(planted: list[Finding]) -> None:
    scores = [f.score for f in planted]
    assert scores == sorted(scores, reverse=True)
    for finding in planted:
        data = finding.to_dict()
        assert set(data) == {"id", "kind", "score", "subject", "text_da", "text_en", "figures"}
        assert 0 <= data["score"] <= 100
        assert data["text_da"] != data["text_en"]
        json.dumps(data, allow_nan=False)
    assert process_potential(planted) == pytest.approx(sum(scores[:5]) / 5)


def test_a_process_without_problems_has_no_findings() -> None:
    rows = [(f"c{i}", a, float(k * 60), "ann") for i in range(50) for k, a in enumerate("ABC")]
    assert find_findings(frame_log(rows)) == []


@pytest.mark.parametrize(
    ("value", "da", "en"),
    [
        (21 * DAY, "21 dage", "21 days"),
        (4.5 * 3600, "4,5 timer", "4.5 hours"),
        (DAY * 1.02, "24 timer", "24 hours"),
        (2 * DAY, "2 dage", "2 days"),
        (60.0, "60 sekunder", "60 seconds"),
        (1.0, "1 sekund", "1 second"),
        (12 * 60, "12 minutter", "12 minutes"),
    ],
)
def test_durations_read_naturally(value: float, da: str, en: str) -> None:
    assert (fmt_duration(value, "da"), fmt_duration(value, "en")) == (da, en)


def test_numbers_follow_each_language() -> None:
    assert (fmt_int(1434, "da"), fmt_int(1434, "en")) == ("1.434", "1,434")
    assert (fmt_pct(0.38, "da"), fmt_pct(0.38, "en")) == ("38 %", "38%")
    assert (fmt_pct(0.004, "da"), fmt_pct(0.004, "en")) == ("0,4 %", "0.4%")


MUNICIPAL_LOGS = [p for p in all_logs() if log_name(p) in MUNICIPAL]


@pytest.mark.parametrize("path", MUNICIPAL_LOGS, ids=log_name)
def test_each_municipal_log_gets_at_least_five_concrete_findings(path: Path) -> None:
    findings = find_findings(read_xes(path, attributes="standard"))
    assert len(findings) >= 5
    assert len({f.kind for f in findings}) >= 3
    for finding in findings:
        assert finding.score >= 0.5
        assert "nan" not in finding.text_en.lower() and "nan" not in finding.text_da.lower()
        # Concrete: every sentence names a figure.
        assert any(ch.isdigit() for ch in finding.text_en)
        assert any(ch.isdigit() for ch in finding.text_da)
