"""Portfolio: which processes have most to gain from de-bureaucratisation, and how.

Every finding of a process (see findings.py), its citizen burden (burden.py)
and its rule deviations (conformance.py) become *opportunities*, each with

* a **remedy**: ``automate`` (a step the system could do), ``self_service``
  (self-service or reuse of data the public sector already holds, instead of
  asking the citizen), ``drop_demand`` (stop demanding a piece of
  documentation) or ``reorganise`` (a handover, a queue, a standard path);
* a **fit**: ``today`` — within today's rules and budget (a change of local
  practice or organisation) — or ``investment`` (IT or integration work);
* **estimated hours saved a year** for staff and for citizens, and calendar
  days of case time, with the evidence (cases, medians) behind them.

Estimates rest on stated assumptions (``ASSUMPTIONS``), since event logs record
moments, not effort: each avoided staff step saves ``staff_minutes_per_step``;
each avoided return to the citizen saves the citizen
``citizen_hours_per_return`` and staff ``staff_minutes_per_return``. Case time
is the finding's share of all case time (its score) — descriptive, not causal.
Figures are scaled to a year by the log's time span.

Processes are ranked by the hours a year (staff + citizens) their opportunities
could save; the score (0–100, mean of the five best findings) breaks ties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from .burden import BurdenResult
from .conformance import RuleResult
from .eventlog import TIMESTAMP, EventLog

ASSUMPTIONS = {
    "staff_minutes_per_step": 10.0,
    "staff_minutes_per_return": 20.0,
    "citizen_hours_per_return": 1.0,
}
REMEDIES = ("automate", "self_service", "drop_demand", "reorganise")
FITS = ("today", "investment")
# Steps a system can do: registering, entering dates, printing, sending letters.
AUTOMATABLE = re.compile(
    r"(?i)regist|enter|invoer|print|send|verzend|versturen|create|aanmaken|check|"
    r"controle|notif|update|record|date|datum|letter|brief|confirm|bevestig|journal"
)
YEAR_S = 365.25 * 86400


@dataclass
class Opportunity:
    remedy: str
    fit: str
    title_da: str
    title_en: str
    evidence_da: str
    evidence_en: str
    staff_hours: float  # a year
    citizen_hours: float  # a year
    case_days: float  # calendar days of case time a year
    source: str  # finding id, "burden:<kind>" or "rule:<n>"

    @property
    def hours(self) -> float:
        return self.staff_hours + self.citizen_hours


@dataclass
class ProcessProfile:
    name: str
    cases: int
    years: float
    score: float
    opportunities: list[Opportunity] = field(default_factory=list)
    burden: BurdenResult | None = None

    @property
    def staff_hours(self) -> float:
        return sum(o.staff_hours for o in self.opportunities)

    @property
    def citizen_hours(self) -> float:
        return sum(o.citizen_hours for o in self.opportunities)

    @property
    def hours(self) -> float:
        return self.staff_hours + self.citizen_hours

    @property
    def fits_today(self) -> list[Opportunity]:
        return [o for o in self.opportunities if o.fit == "today"]

    @property
    def needs_investment(self) -> list[Opportunity]:
        return [o for o in self.opportunities if o.fit == "investment"]


def log_years(log: EventLog) -> float:
    """The log's time span in years (at least a month, so tiny logs are not inflated)."""
    span = log.events.select(
        (pl.col(TIMESTAMP).max() - pl.col(TIMESTAMP).min()).dt.total_seconds()
    ).item()
    return max(float(span or 0) / YEAR_S, 1 / 12)


def _days(seconds: float) -> float:
    return seconds / 86400


def _finding_opportunity(
    finding: dict[str, Any], total_case_s: float, years: float, citizen: re.Pattern[str]
) -> Opportunity | None:
    kind = finding["kind"]
    subject = finding.get("subject", {})
    figures = finding.get("figures", {})
    activity = subject.get("activity") or subject.get("to") or ""
    case_days = _days(finding["score"] / 100 * total_case_s) / years
    text_da, text_en = finding["text_da"], finding["text_en"]
    step_hours = ASSUMPTIONS["staff_minutes_per_step"] / 60
    if kind == "rework":
        repeats = float(figures.get("repeated_executions") or 0)
        automatable = bool(AUTOMATABLE.search(activity))
        return Opportunity(
            "automate" if automatable else "reorganise",
            "investment" if automatable else "today",
            f"Undgå gentagelser af »{activity}«",
            f"Avoid repeating '{activity}'",
            text_da,
            text_en,
            repeats * step_hours / years,
            0.0,
            case_days,
            finding["id"],
        )
    if kind == "detour":
        cases = float(figures.get("cases") or 0)
        if citizen.search(activity):
            return Opportunity(
                "drop_demand",
                "today",
                f"Drop kravet bag »{activity}«",
                f"Drop the demand behind '{activity}'",
                text_da,
                text_en,
                cases * ASSUMPTIONS["staff_minutes_per_return"] / 60 / years,
                cases * ASSUMPTIONS["citizen_hours_per_return"] / years,
                case_days,
                finding["id"],
            )
        automatable = bool(AUTOMATABLE.search(activity))
        return Opportunity(
            "automate" if automatable else "reorganise",
            "investment" if automatable else "today",
            f"Gør »{activity}« automatisk eller overflødig"
            if automatable
            else f"Undgå omvejen over »{activity}«",
            f"Automate '{activity}' or make it unnecessary"
            if automatable
            else f"Avoid the detour through '{activity}'",
            text_da,
            text_en,
            cases * step_hours / years,
            0.0,
            case_days,
            finding["id"],
        )
    if kind in {"bottleneck", "waiting"}:
        if citizen.search(activity):
            return Opportunity(
                "self_service",
                "investment",
                f"Selvbetjening eller genbrug af data før »{activity}«",
                f"Self-service or data reuse before '{activity}'",
                text_da,
                text_en,
                0.0,
                0.0,
                case_days,
                finding["id"],
            )
        return Opportunity(
            "reorganise",
            "today",
            f"Kortere kø før »{activity}«",
            f"A shorter queue before '{activity}'",
            text_da,
            text_en,
            0.0,
            0.0,
            case_days,
            finding["id"],
        )
    if kind == "handover":
        return Opportunity(
            "reorganise",
            "today",
            "Færre overdragelser mellem medarbejdere"
            if not activity
            else f"Færre overdragelser ved »{activity}«",
            "Fewer handovers between staff" if not activity else f"Fewer handovers at '{activity}'",
            text_da,
            text_en,
            0.0,
            0.0,
            case_days,
            finding["id"],
        )
    if kind in {"variant_explosion", "long_tail"}:
        return Opportunity(
            "reorganise",
            "today",
            "Et fast standardforløb og hurtig behandling af undtagelser",
            "A standard path and quick handling of exceptions",
            text_da,
            text_en,
            0.0,
            0.0,
            case_days if kind == "long_tail" else 0.0,
            finding["id"],
        )
    return None


@dataclass(frozen=True)
class _BurdenRemedy:
    """What to do about one kind of return to the citizen (burden.py's kinds)."""

    kind: str
    remedy: str
    fit: str
    title_da: str
    title_en: str
    evidence_da: str  # formatted with events, cases
    evidence_en: str
    carries_wait: bool  # the citizen's waiting time is counted on this remedy


_BURDEN_REMEDIES = (
    # Data the administration could fetch itself (registers, earlier cases).
    _BurdenRemedy(
        "documentation",
        "self_service",
        "investment",
        "Hent oplysningerne selv i stedet for at bede borgeren om dem",
        "Fetch the information instead of asking the citizen",
        "{events} anmodninger om dokumentation i {cases} sager{examples}.",
        "{events} requests for documentation in {cases} cases{examples}.",
        carries_wait=True,
    ),
    _BurdenRemedy(
        "repeat",
        "self_service",
        "investment",
        "Selvbetjening der får ansøgningen rigtig første gang",
        "Self-service that gets the application right the first time",
        "{events} gentagne ansøgninger i {cases} sager{examples}.",
        "{events} repeated applications in {cases} cases{examples}.",
        carries_wait=False,
    ),
    _BurdenRemedy(
        "hearing",
        "reorganise",
        "today",
        "Høringer kun hvor loven kræver det, og med faste frister",
        "Hearings only where the law requires them, with fixed deadlines",
        "{events} høringer i {cases} sager{examples}.",
        "{events} hearings in {cases} cases{examples}.",
        carries_wait=False,
    ),
)


def _burden_opportunities(burden: BurdenResult, years: float) -> list[Opportunity]:
    """One opportunity per kind of return to the citizen that the log shows."""
    staff = ASSUMPTIONS["staff_minutes_per_return"] / 60
    citizen = ASSUMPTIONS["citizen_hours_per_return"]
    out = []
    for spec in _BURDEN_REMEDIES:
        figures = burden.by_kind[spec.kind]
        events = figures["events"]
        if not events:
            continue
        # Only the documentation requests name their activities (the rest are one kind each).
        names = figures["activities"][:3] if spec.kind == "documentation" else []
        examples = f" ({', '.join(names)})" if names else ""
        values = {"events": events, "cases": figures["cases"], "examples": examples}
        out.append(
            Opportunity(
                spec.remedy,
                spec.fit,
                spec.title_da,
                spec.title_en,
                spec.evidence_da.format(**values),
                spec.evidence_en.format(**values),
                events * staff / years,
                events * citizen / years,
                _days(burden.citizen_wait_s) / years if spec.carries_wait else 0.0,
                f"burden:{spec.kind}",
            )
        )
    return out


def _rule_opportunities(results: list[RuleResult], years: float) -> list[Opportunity]:
    from .conformance import rule_text

    out = []
    for number, result in enumerate(results, start=1):
        if not result.deviating or result.extra_s <= 0:
            continue
        out.append(
            Opportunity(
                "reorganise",
                "today",
                f"Følg reglen: {rule_text(result.rule, 'da')}",
                f"Follow the rule: {rule_text(result.rule, 'en')}",
                f"{result.deviating} sager afviger ({100 * result.share:.0f} %).",
                f"{result.deviating} cases deviate ({100 * result.share:.0f}%).",
                0.0,
                0.0,
                _days(result.extra_s) / years,
                f"rule:{number}",
            )
        )
    return out


def process_profile(
    name: str,
    log: EventLog,
    findings: list[dict[str, Any]],
    burden: BurdenResult,
    rule_results: list[RuleResult],
    citizen_pattern: str,
) -> ProcessProfile:
    """One process's opportunities, classified by remedy and fit, with hours a year."""
    years = log_years(log)
    total_case_s = float(
        log.events.group_by("case_id")
        .agg((pl.col(TIMESTAMP).max() - pl.col(TIMESTAMP).min()).dt.total_seconds().alias("d"))
        .get_column("d")
        .sum()
    )
    citizen = re.compile(f"(?i){citizen_pattern}" if citizen_pattern else r"(?!x)x")
    opportunities = [
        o
        for f in findings
        if (o := _finding_opportunity(f, total_case_s, years, citizen)) is not None
    ]
    opportunities += _burden_opportunities(burden, years)
    opportunities += _rule_opportunities(rule_results, years)
    opportunities.sort(key=lambda o: (-o.hours, -o.case_days))
    return ProcessProfile(
        name=name,
        cases=log.n_cases,
        years=years,
        score=sum(sorted((float(f["score"]) for f in findings), reverse=True)[:5]) / 5,
        opportunities=opportunities,
        burden=burden,
    )


def rank(profiles: list[ProcessProfile]) -> list[ProcessProfile]:
    return sorted(profiles, key=lambda p: (-p.hours, -p.score, p.name))
