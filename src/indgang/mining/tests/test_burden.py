"""Citizen burden on a small hand-made log: returns to the citizen and their waiting time."""

import pytest

from indgang.mining.engine.burden import DEFAULT_PATTERNS, citizen_burden, patterns_for
from indgang.mining.tests.helpers import frame_log

DAY = 86400.0
LOG = frame_log(
    [
        # c1: one request for documents, the citizen answers after 4 days.
        ("c1", "Application received", 0, None),
        ("c1", "Request missing documents", 1 * DAY, None),
        ("c1", "Documents received", 5 * DAY, None),
        ("c1", "Decision", 6 * DAY, None),
        # c2: two requests (2 and 3 days), a hearing (7 days), and applies again.
        ("c2", "Application received", 0, None),
        ("c2", "Request missing documents", 1 * DAY, None),
        ("c2", "Documents received", 3 * DAY, None),
        ("c2", "Request missing documents", 4 * DAY, None),
        ("c2", "Documents received", 7 * DAY, None),
        ("c2", "Hearing of the applicant", 8 * DAY, None),
        ("c2", "Application received", 15 * DAY, None),
        ("c2", "Decision", 16 * DAY, None),
        # c3: straight through.
        ("c3", "Application received", 0, None),
        ("c3", "Decision", 2 * DAY, None),
    ]
)


def test_returns_to_the_citizen_are_counted_by_kind():
    result = citizen_burden(LOG)
    assert result.cases == 3
    assert result.cases_with_burden == 2
    assert result.share == pytest.approx(2 / 3)
    assert result.by_kind["documentation"]["events"] == 3
    assert result.by_kind["documentation"]["activities"] == ["Request missing documents"]
    assert result.by_kind["hearing"] == {
        "events": 1,
        "cases": 1,
        "activities": ["Hearing of the applicant"],
    }
    assert result.by_kind["repeat"]["events"] == 1  # c2's second application only
    assert result.returns == 5
    assert result.distribution == {"0": 1, "1": 1, "2": 0, "3+": 1}
    assert result.returns_max == 4


def test_the_waiting_time_on_the_citizen_runs_to_the_next_event():
    result = citizen_burden(LOG)
    # c1 waits 4 days; c2 waits 2 + 3 + 7 = 12 days.
    assert result.citizen_wait_s == 16 * DAY
    assert result.citizen_wait_median_s == 8 * DAY
    assert result.duration_with_median_s == 11 * DAY
    assert result.duration_without_median_s == 2 * DAY


def test_patterns_are_set_per_log():
    patterns = patterns_for([{"kind": "documentation", "pattern": "documents received"}])
    assert patterns["hearing"] == DEFAULT_PATTERNS["hearing"]
    result = citizen_burden(LOG, patterns)
    assert result.by_kind["documentation"]["activities"] == ["Documents received"]
    # Documents received → next event: c1 1 day; c2 1 + 1 days, plus the hearing's 7.
    assert result.citizen_wait_s == 10 * DAY


def test_a_case_without_an_application_counts_no_repeat():
    log = frame_log([("c1", "Decision", 0, None), ("c2", "Application received", 0, None)])
    result = citizen_burden(log)
    assert result.by_kind["repeat"]["events"] == 0
    assert result.returns == 0 and result.cases_with_burden == 0
