"""Conformance: does each case follow the process as the rules describe it?

Two ways to state the process:

* **Declarative rules** (a few, written by the analyst), as dicts:

  ``{"type": "before", "a": A, "b": B}``
      A before B: a case with B must have had A earlier (first B after some A).
  ``{"type": "at_most", "a": X, "n": N}``
      X happens at most N times in a case.
  ``{"type": "within", "a": A, "b": B, "days": N}``
      From the first A to the first B takes at most N working days (Monday to
      Friday, Danish public holidays excluded). ``a`` may be ``""``: from the
      start of the case. Cases without B are not judged.
  ``{"type": "requires", "a": A, "b": B}``
      B never without A: a case with B also has A (anywhere).

* **A BPMN model** (``parse_bpmn``): tasks, start/end events, exclusive and
  parallel gateways and sequence flows, replayed case by case as a Petri net
  with token replay (gateways are silent transitions; a missing token is
  created and counted). A case deviates when a token was missing, a token is
  left behind, or an activity is not in the model.

For every rule the result says how many cases deviate, which, and what it
costs in time: median case duration of deviating against conforming cases,
and the extra time in all (deviating cases × difference of medians).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import polars as pl

from .errors import EventLogError
from .eventlog import ACTIVITY, CASE_ID, TIMESTAMP, EventLog

RULE_TYPES = ("before", "at_most", "within", "requires", "bpmn")


@dataclass(frozen=True)
class RuleResult:
    rule: dict[str, Any]
    cases: int  # cases judged
    deviating: int
    deviating_cases: list[str]
    median_deviating_s: float | None
    median_conforming_s: float | None

    @property
    def share(self) -> float:
        return self.deviating / self.cases if self.cases else 0.0

    @property
    def extra_s(self) -> float:
        """Time the deviations cost in all: deviating cases × (median difference ≥ 0)."""
        if self.median_deviating_s is None or self.median_conforming_s is None:
            return 0.0
        return self.deviating * max(0.0, self.median_deviating_s - self.median_conforming_s)


@cache
def _danish_holidays(first_year: int, last_year: int) -> np.ndarray:
    import holidays

    days = holidays.country_holidays("DK", years=range(first_year, last_year + 1))
    return np.array(sorted(days), dtype="datetime64[D]")


def working_days_between(start: pl.Series, end: pl.Series) -> pl.Series:
    """Whole working days from ``start`` to ``end`` (dates in Copenhagen; Mon–Fri, no holidays)."""
    first = start.dt.convert_time_zone("Europe/Copenhagen").dt.date().to_numpy()
    last = end.dt.convert_time_zone("Europe/Copenhagen").dt.date().to_numpy()
    if len(first) == 0:
        return pl.Series([], dtype=pl.Int64)
    years = [d.astype("datetime64[Y]").astype(int) + 1970 for d in (first.min(), last.max())]
    holidays = _danish_holidays(int(years[0]), int(years[1]))
    return pl.Series(
        np.busday_count(
            first.astype("datetime64[D]"), last.astype("datetime64[D]"), holidays=holidays
        )
    )


def _durations(log: EventLog) -> pl.DataFrame:
    return log.events.group_by(CASE_ID).agg(
        duration_s=(pl.col(TIMESTAMP).last() - pl.col(TIMESTAMP).first()).dt.total_microseconds()
        / 1_000_000
    )


def _judge(log: EventLog, rule: dict[str, Any]) -> tuple[pl.Series, pl.Series]:
    """(cases judged, deviating cases) for one declarative rule."""
    events = log.events
    kind = rule.get("type")
    a, b = rule.get("a", ""), rule.get("b", "")
    all_cases = events.get_column(CASE_ID).unique()
    if kind == "at_most":
        counts = events.group_by(CASE_ID).agg(n=(pl.col(ACTIVITY) == a).sum())
        return all_cases, counts.filter(pl.col("n") > int(rule.get("n", 1))).get_column(CASE_ID)
    if kind == "requires":
        per_case = events.group_by(CASE_ID).agg(
            has_a=(pl.col(ACTIVITY) == a).any(), has_b=(pl.col(ACTIVITY) == b).any()
        )
        bad = per_case.filter(pl.col("has_b") & ~pl.col("has_a")).get_column(CASE_ID)
        return all_cases, bad
    if kind == "before":
        seen_a = (pl.col(ACTIVITY) == a).cast(pl.Int32).cum_sum().over(CASE_ID)
        marked = events.select(CASE_ID, ACTIVITY, seen_a=seen_a)
        early = marked.filter((pl.col(ACTIVITY) == b) & (pl.col("seen_a") == 0))
        return all_cases, early.get_column(CASE_ID).unique()
    if kind == "within":
        start = (
            events.group_by(CASE_ID).agg(start=pl.col(TIMESTAMP).first())
            if not a
            else events.filter(pl.col(ACTIVITY) == a)
            .group_by(CASE_ID)
            .agg(start=pl.col(TIMESTAMP).first())
        )
        stop = (
            events.filter(pl.col(ACTIVITY) == b)
            .group_by(CASE_ID)
            .agg(stop=pl.col(TIMESTAMP).first())
        )
        both = start.join(stop, on=CASE_ID).filter(pl.col("stop") >= pl.col("start"))
        days = working_days_between(both.get_column("start"), both.get_column("stop"))
        judged = both.get_column(CASE_ID)
        return judged, judged.filter(days > int(rule.get("days", 0)))
    if kind == "bpmn":
        model = BpmnModel.from_dict(rule["model"])
        return all_cases, model.deviating_cases(log)
    raise ValueError(f"unknown rule type {kind!r}")


def check_rules(log: EventLog, rules: list[dict[str, Any]]) -> list[RuleResult]:
    """Judge every case against every rule (see the module docstring)."""
    durations = _durations(log)
    results = []
    for rule in rules:
        judged, bad = _judge(log, rule)
        bad_ids = sorted(bad.cast(pl.String).to_list())
        in_judged = durations.filter(pl.col(CASE_ID).is_in(judged.implode()))
        is_bad = pl.col(CASE_ID).is_in(pl.Series(bad_ids, dtype=pl.String).implode())
        dev = in_judged.filter(is_bad).get_column("duration_s")
        ok = in_judged.filter(~is_bad).get_column("duration_s")
        results.append(
            RuleResult(
                rule=rule,
                cases=in_judged.height,
                deviating=len(bad_ids),
                deviating_cases=bad_ids,
                median_deviating_s=float(dev.median()) if dev.len() else None,  # type: ignore[arg-type]
                median_conforming_s=float(ok.median()) if ok.len() else None,  # type: ignore[arg-type]
            )
        )
    return results


# --- BPMN -------------------------------------------------------------------------
BPMN_TASKS = {
    "task",
    "userTask",
    "serviceTask",
    "manualTask",
    "scriptTask",
    "businessRuleTask",
    "sendTask",
    "receiveTask",
    "callActivity",
    "subProcess",
}
BPMN_SILENT = {
    "exclusiveGateway",
    "parallelGateway",
    "inclusiveGateway",
    "eventBasedGateway",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
}


@dataclass(frozen=True)
class Transition:
    label: str | None  # None: silent (gateway)
    consumes: tuple[str, ...]
    produces: tuple[str, ...]


@dataclass
class BpmnModel:
    """A BPMN process as a Petri net: places are sequence flows (plus start/end)."""

    transitions: list[Transition]
    initial: tuple[str, ...]
    final: tuple[str, ...]
    labels: set[str] = field(default_factory=set)

    def to_dict(self) -> dict[str, Any]:
        return {
            "transitions": [
                [t.label, list(t.consumes), list(t.produces)] for t in self.transitions
            ],
            "initial": list(self.initial),
            "final": list(self.final),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BpmnModel:
        transitions = [Transition(t[0], tuple(t[1]), tuple(t[2])) for t in data["transitions"]]
        return cls(
            transitions,
            tuple(data["initial"]),
            tuple(data["final"]),
            {t.label for t in transitions if t.label is not None},
        )

    # Token replay ---------------------------------------------------------------
    def _silent_closure(
        self, marking: Counter[str], needed: tuple[str, ...]
    ) -> Counter[str] | None:
        """A marking reachable by silent transitions that has the ``needed`` tokens (BFS)."""
        silent = [t for t in self.transitions if t.label is None]
        start = marking
        frontier = [start]
        seen = {frozenset(start.items())}
        for _depth in range(8):
            nxt = []
            for m in frontier:
                if all(m[p] >= needed.count(p) for p in set(needed)):
                    return m
                for t in silent:
                    if all(m[p] >= t.consumes.count(p) for p in set(t.consumes)):
                        m2 = m.copy()
                        m2.subtract(t.consumes)
                        m2.update(t.produces)
                        m2 = +m2
                        key = frozenset(m2.items())
                        if key not in seen:
                            seen.add(key)
                            nxt.append(m2)
            frontier = nxt
            if not frontier or len(seen) > 5000:
                break
        for m in frontier:
            if all(m[p] >= needed.count(p) for p in set(needed)):
                return m
        return None

    def replay(self, trace: tuple[str, ...]) -> tuple[int, int, int]:
        """Token replay of one trace: (missing, remaining, activities not in the model)."""
        by_label: dict[str, list[Transition]] = {}
        for t in self.transitions:
            if t.label is not None:
                by_label.setdefault(t.label, []).append(t)
        marking: Counter[str] = Counter(self.initial)
        missing = unknown = 0
        for activity in trace:
            options = by_label.get(activity)
            if not options:
                unknown += 1
                continue
            fired = False
            for t in options:
                reached = self._silent_closure(marking, t.consumes)
                if reached is not None:
                    marking = reached
                    fired = True
                    break
            t = options[0]
            if not fired:
                for p in set(t.consumes):
                    short = t.consumes.count(p) - marking[p]
                    if short > 0:
                        missing += short
                        marking[p] += short
            marking.subtract(t.consumes)
            marking.update(t.produces)
            marking = +marking
        end = self._silent_closure(marking, self.final)
        if end is None:
            missing += len(self.final)
            end = marking
        else:
            end = end.copy()
            end.subtract(self.final)
            end = +end
        remaining = sum(end.values())
        return missing, remaining, unknown

    def deviating_cases(self, log: EventLog) -> pl.Series:
        per_case = log.events.group_by(CASE_ID, maintain_order=True).agg(trace=pl.col(ACTIVITY))
        verdict: dict[tuple[str, ...], bool] = {}
        bad = []
        for case_id, trace in per_case.iter_rows():
            key = tuple(trace)
            if key not in verdict:
                verdict[key] = any(self.replay(key))
            if verdict[key]:
                bad.append(case_id)
        return pl.Series(bad, dtype=pl.String)


def parse_bpmn(data: bytes) -> BpmnModel:
    """A BPMN 2.0 XML file (one process) as a Petri net for token replay."""
    try:
        root = ET.fromstring(data)  # noqa: S314 (stdlib parser; no entities are expanded)
    except ET.ParseError as exc:
        raise EventLogError(
            "bpmn_malformed",
            f"BPMN-filen kunne ikke læses: {exc}.",
            f"The BPMN file could not be read: {exc}.",
        ) from exc
    process = next((e for e in root.iter() if _local(e.tag) == "process"), None)
    if process is None:
        raise EventLogError(
            "bpmn_no_process",
            "BPMN-filen indeholder ingen proces.",
            "The BPMN file contains no process.",
        )
    nodes: dict[str, tuple[str, str]] = {}
    flows: list[tuple[str, str, str]] = []
    for element in process.iter():
        tag = _local(element.tag)
        ident = element.get("id", "")
        if tag == "sequenceFlow":
            flows.append((ident, element.get("sourceRef", ""), element.get("targetRef", "")))
        elif tag in BPMN_TASKS or tag in BPMN_SILENT or tag in {"startEvent", "endEvent"}:
            nodes[ident] = (tag, (element.get("name") or "").strip())
    incoming: dict[str, list[str]] = {n: [] for n in nodes}
    outgoing: dict[str, list[str]] = {n: [] for n in nodes}
    for flow_id, source, target in flows:
        if source in outgoing and target in incoming:
            outgoing[source].append(flow_id)
            incoming[target].append(flow_id)
    transitions: list[Transition] = []
    initial: list[str] = []
    final: list[str] = []
    for ident, (tag, name) in nodes.items():
        ins, outs = tuple(incoming[ident]), tuple(outgoing[ident])
        if tag == "startEvent":
            place = f"start:{ident}"
            initial.append(place)
            transitions.append(Transition(None, (place,), outs))
        elif tag == "endEvent":
            place = f"end:{ident}"
            final.append(place)
            transitions.append(Transition(None, ins, (place,)))
        elif tag in BPMN_TASKS:
            # A task with several incoming flows acts as an XOR join (BPMN semantics).
            for flow in ins or ("",):
                transitions.append(Transition(name or ident, (flow,) if flow else (), outs))
        elif tag == "parallelGateway":
            transitions.append(Transition(None, ins, outs))
        else:  # exclusive/inclusive/event-based (treated as exclusive): one per pair
            for flow_in in ins:
                for flow_out in outs:
                    transitions.append(Transition(None, (flow_in,), (flow_out,)))
    if not initial or not final:
        raise EventLogError(
            "bpmn_no_start_or_end",
            "BPMN-processen skal have en start- og en slut-hændelse.",
            "The BPMN process needs a start and an end event.",
        )
    # Several end events: reaching any one ends the case, so they share one place.
    if len(final) > 1:
        merged = "end"
        transitions = [
            Transition(t.label, t.consumes, tuple(merged if p in final else p for p in t.produces))
            for t in transitions
        ]
        final = [merged]
    labels = {t.label for t in transitions if t.label is not None}
    return BpmnModel(transitions, tuple(initial[:1]), tuple(final), labels)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def rule_text(rule: dict[str, Any], language: str = "da") -> str:
    """The rule in a sentence, for the page and the report."""
    a, b, kind = rule.get("a", ""), rule.get("b", ""), rule.get("type")
    da = language == "da"
    if kind == "before":
        return f"»{a}« før »{b}«" if da else f"'{a}' before '{b}'"
    if kind == "at_most":
        n = rule.get("n", 1)
        return f"Højst {n} × »{a}«" if da else f"At most {n} × '{a}'"
    if kind == "within":
        days = rule.get("days", 0)
        origin = (f"»{a}«" if da else f"'{a}'") if a else ("sagens start" if da else "the start")
        if da:
            return f"»{b}« senest {days} arbejdsdage efter {origin}"
        return f"'{b}' within {days} working days of {origin}"
    if kind == "requires":
        return f"»{b}« aldrig uden »{a}«" if da else f"'{b}' never without '{a}'"
    if kind == "bpmn":
        name = rule.get("name", "BPMN")
        return f"Følger BPMN-modellen »{name}«" if da else f"Follows the BPMN model '{name}'"
    return str(rule)
