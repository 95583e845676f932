"""Conformance on small hand-made logs: which cases break which rule, and what it costs."""

import pytest

from indgang.mining.engine.conformance import check_rules, parse_bpmn, rule_text
from indgang.mining.engine.errors import EventLogError
from indgang.mining.tests.helpers import frame_log

DAY = 86400.0
# T0 is Friday 1 March 2024, 08:00 UTC.
LOG = frame_log(
    [
        ("c1", "Receive", 0, None),
        ("c1", "Request documents", 1 * DAY, None),
        ("c1", "Decide", 3 * DAY, None),
        ("c2", "Receive", 0, None),
        ("c2", "Request documents", 1 * DAY, None),
        ("c2", "Request documents", 2 * DAY, None),
        ("c2", "Decide", 20 * DAY, None),  # 21 March: 14 working days after 1 March
        ("c3", "Decide", 0, None),
        ("c3", "Receive", 1 * DAY, None),
        ("c4", "Receive", 0, None),
        ("c4", "Decide", 1 * DAY, None),
        ("c5", "Receive", 26 * DAY, None),  # Wednesday 27 March, before Easter
        ("c5", "Decide", 33 * DAY, None),  # Wednesday 3 April
        ("c6", "Request documents", 0, None),
        ("c6", "Decide", 2 * DAY, None),
    ]
)


def one(rule):
    return check_rules(LOG, [rule])[0]


def test_a_before_b_flags_cases_where_b_comes_first_or_alone():
    result = one({"type": "before", "a": "Receive", "b": "Decide"})
    assert result.deviating_cases == ["c3", "c6"]
    assert result.cases == 6
    assert result.share == pytest.approx(2 / 6)


def test_at_most_counts_repetitions():
    result = one({"type": "at_most", "a": "Request documents", "n": 1})
    assert result.deviating_cases == ["c2"]


def test_within_working_days_skips_weekends_and_danish_holidays():
    result = one({"type": "within", "a": "Receive", "b": "Decide", "days": 3})
    # c3 decides before it is received: not judged. c6 is never received: not judged.
    # c5 spans Easter: 27 March to 3 April is 2 working days (not 5).
    assert result.cases == 4
    assert result.deviating_cases == ["c2"]
    from_start = one({"type": "within", "a": "", "b": "Decide", "days": 3})
    assert from_start.cases == 6 and from_start.deviating_cases == ["c2"]


def test_b_never_without_a():
    result = one({"type": "requires", "a": "Receive", "b": "Request documents"})
    assert result.deviating_cases == ["c6"]


def test_the_time_cost_compares_medians_of_deviating_and_conforming_cases():
    result = one({"type": "at_most", "a": "Request documents", "n": 1})
    # c2 takes 20 days; the others 3, 1, 1, 7 and 2 days: median 2 days.
    assert result.median_deviating_s == 20 * DAY
    assert result.median_conforming_s == 2 * DAY
    assert result.extra_s == 18 * DAY


BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <process id="p">
    <startEvent id="s"/>
    <task id="t1" name="Receive"/>
    <exclusiveGateway id="x1"/>
    <task id="t2" name="Request documents"/>
    <exclusiveGateway id="x2"/>
    <task id="t3" name="Decide"/>
    <endEvent id="e"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="t1"/>
    <sequenceFlow id="f2" sourceRef="t1" targetRef="x1"/>
    <sequenceFlow id="f3" sourceRef="x1" targetRef="t2"/>
    <sequenceFlow id="f4" sourceRef="t2" targetRef="x2"/>
    <sequenceFlow id="f5" sourceRef="x1" targetRef="x2"/>
    <sequenceFlow id="f6" sourceRef="x2" targetRef="t3"/>
    <sequenceFlow id="f7" sourceRef="t3" targetRef="e"/>
  </process>
</definitions>"""


def test_a_bpmn_model_is_replayed_case_by_case():
    model = parse_bpmn(BPMN.encode())
    assert model.labels == {"Receive", "Request documents", "Decide"}
    assert model.replay(("Receive", "Decide")) == (0, 0, 0)
    assert model.replay(("Receive", "Request documents", "Decide")) == (0, 0, 0)
    missing, _remaining, _unknown = model.replay(
        ("Receive", "Request documents", "Request documents", "Decide")
    )
    assert missing >= 1
    result = one({"type": "bpmn", "name": "Standard", "model": model.to_dict()})
    assert result.deviating_cases == ["c2", "c3", "c6"]


def test_a_parallel_gateway_allows_either_order_but_needs_both():
    model = parse_bpmn(
        b"""<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p">
        <startEvent id="s"/><parallelGateway id="g1"/><task id="a" name="A"/><task id="b" name="B"/>
        <parallelGateway id="g2"/><endEvent id="e"/>
        <sequenceFlow id="1" sourceRef="s" targetRef="g1"/>
        <sequenceFlow id="2" sourceRef="g1" targetRef="a"/>
        <sequenceFlow id="3" sourceRef="g1" targetRef="b"/>
        <sequenceFlow id="4" sourceRef="a" targetRef="g2"/>
        <sequenceFlow id="5" sourceRef="b" targetRef="g2"/>
        <sequenceFlow id="6" sourceRef="g2" targetRef="e"/>
        </process></definitions>"""
    )
    assert model.replay(("A", "B")) == (0, 0, 0)
    assert model.replay(("B", "A")) == (0, 0, 0)
    assert model.replay(("A",)) != (0, 0, 0)
    assert model.replay(("A", "B", "C"))[2] == 1  # C is not in the model


def test_a_broken_bpmn_file_gets_a_message():
    with pytest.raises(EventLogError) as error:
        parse_bpmn(b"<definitions><process")
    assert error.value.code == "bpmn_malformed"


def test_rules_read_as_sentences():
    assert rule_text({"type": "before", "a": "A", "b": "B"}) == "»A« før »B«"
    assert (
        rule_text({"type": "within", "a": "", "b": "Afgørelse", "days": 10}, "en")
        == "'Afgørelse' within 10 working days of the start"
    )
