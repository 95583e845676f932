"""Portfolio: opportunities classified by remedy and fit, hours a year, processes ranked."""

import pytest

from indgang.mining.engine.burden import DEFAULT_PATTERNS, citizen_burden
from indgang.mining.engine.conformance import check_rules
from indgang.mining.engine.portfolio import ASSUMPTIONS, process_profile, rank
from indgang.mining.tests.helpers import frame_log

DAY = 86400.0
YEAR = 365.25 * DAY


def permit_log(requests: int):
    """Ten cases over a year; ``requests`` of them ask the citizen for documents."""
    rows = []
    for n in range(10):
        start = n * YEAR / 10
        rows.append((f"c{n}", "Application received", start, "a"))
        if n < requests:
            rows.append((f"c{n}", "Request missing documents", start + DAY, "a"))
            rows.append((f"c{n}", "Documents received", start + 11 * DAY, "b"))
        rows.append((f"c{n}", "Decision", start + (12 if n < requests else 2) * DAY, "b"))
    return frame_log(rows)


def profile(name, log, findings=(), rules=()):
    citizen = DEFAULT_PATTERNS["documentation"] + "|" + DEFAULT_PATTERNS["hearing"]
    return process_profile(
        name,
        log,
        list(findings),
        citizen_burden(log),
        check_rules(log, list(rules)),
        citizen,
    )


def test_documentation_requests_become_self_service_with_hours_for_staff_and_citizens():
    p = profile("Byggetilladelse", permit_log(requests=4))
    docs = next(o for o in p.opportunities if o.source == "burden:documentation")
    assert (docs.remedy, docs.fit) == ("self_service", "investment")
    years = p.years
    assert years == pytest.approx(0.9 + 2 / 365.25, rel=1e-6)
    assert docs.citizen_hours == pytest.approx(4 * ASSUMPTIONS["citizen_hours_per_return"] / years)
    assert docs.staff_hours == pytest.approx(4 * 20 / 60 / years)
    assert docs.case_days == pytest.approx(4 * 10 / years)  # 10 days waiting on the citizen each
    assert "4 anmodninger om dokumentation i 4 sager" in docs.evidence_da


def test_findings_are_classified_by_remedy_and_fit():
    findings = [
        {
            "id": "rework|activity=Register application",
            "kind": "rework",
            "score": 5.0,
            "subject": {"type": "activity", "activity": "Register application"},
            "text_da": "…",
            "text_en": "…",
            "figures": {"repeated_executions": 6},
        },
        {
            "id": "detour|activity=Request missing documents",
            "kind": "detour",
            "score": 10.0,
            "subject": {"type": "activity", "activity": "Request missing documents"},
            "text_da": "…",
            "text_en": "…",
            "figures": {"cases": 4},
        },
        {
            "id": "handover|type=process",
            "kind": "handover",
            "score": 2.0,
            "subject": {"type": "process"},
            "text_da": "…",
            "text_en": "…",
            "figures": {},
        },
    ]
    p = profile("Byggetilladelse", permit_log(requests=4), findings)
    by_source = {o.source: o for o in p.opportunities}
    rework = by_source["rework|activity=Register application"]
    assert (rework.remedy, rework.fit) == ("automate", "investment")
    assert rework.staff_hours == pytest.approx(6 * 10 / 60 / p.years)
    detour = by_source["detour|activity=Request missing documents"]
    assert (detour.remedy, detour.fit) == ("drop_demand", "today")
    handover = by_source["handover|type=process"]
    assert (handover.remedy, handover.fit) == ("reorganise", "today")
    assert p.score == pytest.approx((10 + 5 + 2) / 5)
    assert {o.fit for o in p.fits_today} == {"today"}


def test_a_broken_rule_with_a_time_cost_is_an_opportunity_to_reorganise():
    rules = [
        {"type": "within", "a": "Application received", "b": "Decision", "days": 5},
        {"type": "at_most", "a": "Decision", "n": 1},  # nobody breaks it: no opportunity
    ]
    p = profile("Byggetilladelse", permit_log(requests=4), rules=rules)
    rule = next(o for o in p.opportunities if o.source == "rule:1")
    assert (rule.remedy, rule.fit) == ("reorganise", "today")
    # 4 cases take 12 days against a median of 2 days for the others.
    assert rule.case_days == pytest.approx(4 * 10 / p.years)
    assert "4 sager afviger (40 %)" in rule.evidence_da
    assert not any(o.source == "rule:2" for o in p.opportunities)


def test_processes_are_ranked_by_hours_a_year():
    many = profile("Mange anmodninger", permit_log(requests=8))
    few = profile("Få anmodninger", permit_log(requests=2))
    none = profile("Ingen anmodninger", permit_log(requests=0))
    assert [p.name for p in rank([few, none, many])] == [
        "Mange anmodninger",
        "Få anmodninger",
        "Ingen anmodninger",
    ]
