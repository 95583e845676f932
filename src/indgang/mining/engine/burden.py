"""Citizen burden: how often a case goes back to the citizen, and how long they wait.

An activity *goes back to the citizen* when its name matches one of the
log's patterns (regular expressions, case-insensitive), by kind:

* ``documentation`` — requests for documents or information (every occurrence
  counts);
* ``hearing`` — hearings of the citizen or parties (every occurrence counts);
* ``repeat`` — applications or submissions: occurrences *after the first* in
  a case count (the citizen had to apply again).

The waiting time on the citizen is the time from a documentation request or
hearing to the next event of the case (the citizen's turn; logs with one
timestamp per event cannot tell it more precisely). Patterns are set per log;
``DEFAULT_PATTERNS`` covers Danish, English and Dutch case systems and
Indgang's own case events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from .eventlog import ACTIVITY, CASE_ID, TIMESTAMP, EventLog

KINDS = ("documentation", "hearing", "repeat")
DEFAULT_PATTERNS: dict[str, str] = {
    "documentation": (
        r"request.*(missing|additional|further|information|document)|missing data"
        r"|additional (data|information)|retrieve missing|document x request"
        r"|nadere gegevens|aanvull|opvragen|gegevens vragen"
        r"|anmod.*(dokument|oplysning)|indhent|rykker|awaiting_citizen"
    ),
    "hearing": r"hearing|høring|zienswijze|horen|stakeholders? views|partshøring",
    "repeat": (
        r"application received|submission|ansøgning modtaget|aanvraag ontvangen"
        r"|^created$|recontact_linked"
    ),
}


@dataclass(frozen=True)
class BurdenResult:
    cases: int
    cases_with_burden: int
    returns: int  # times a case went back to the citizen, in all
    by_kind: dict[str, dict[str, Any]]  # kind -> {events, cases, activities}
    returns_per_case_mean: float
    returns_p90: float
    returns_max: int
    distribution: dict[str, int]  # "0", "1", "2", "3+" -> cases
    citizen_wait_s: float  # in all
    citizen_wait_median_s: float | None  # per case with a return
    citizen_wait_p90_s: float | None
    duration_with_median_s: float | None
    duration_without_median_s: float | None

    @property
    def share(self) -> float:
        return self.cases_with_burden / self.cases if self.cases else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["share"] = self.share
        return data


def patterns_for(configured: list[dict[str, str]] | None) -> dict[str, str]:
    """The log's patterns: configured ones replace the default of their kind."""
    patterns = dict(DEFAULT_PATTERNS)
    for item in configured or []:
        if item.get("kind") in KINDS:
            patterns[item["kind"]] = item.get("pattern", "")
    return patterns


def _median(series: pl.Series) -> float | None:
    return float(series.median()) if series.len() else None  # type: ignore[arg-type]


def citizen_burden(log: EventLog, patterns: dict[str, str] | None = None) -> BurdenResult:
    patterns = patterns or DEFAULT_PATTERNS
    activities = log.events.get_column(ACTIVITY).unique()
    matched: dict[str, list[str]] = {}
    for kind in KINDS:
        pattern = patterns.get(kind) or ""
        if not pattern:
            matched[kind] = []
            continue
        hits = activities.filter(activities.str.contains(f"(?i){pattern}"))
        matched[kind] = sorted(hits.to_list())
    act = pl.col(ACTIVITY)
    events = log.events.select(CASE_ID, ACTIVITY, TIMESTAMP).with_columns(
        doc=act.is_in(matched["documentation"]),
        hearing=act.is_in(matched["hearing"]),
        application=act.is_in(matched["repeat"]),
        wait_s=(pl.col(TIMESTAMP).shift(-1).over(CASE_ID) - pl.col(TIMESTAMP))
        .dt.total_microseconds()
        .fill_null(0)
        / 1_000_000,
    )
    per_case = events.group_by(CASE_ID).agg(
        doc=pl.col("doc").sum(),
        hearing=pl.col("hearing").sum(),
        repeat=(pl.col("application").sum() - 1).clip(lower_bound=0),
        wait_s=pl.col("wait_s").filter(pl.col("doc") | pl.col("hearing")).sum(),
        duration_s=(pl.col(TIMESTAMP).max() - pl.col(TIMESTAMP).min()).dt.total_microseconds()
        / 1_000_000,
    )
    per_case = per_case.with_columns(returns=pl.col("doc") + pl.col("hearing") + pl.col("repeat"))
    returns = per_case.get_column("returns")
    burdened = per_case.filter(pl.col("returns") > 0)
    spared = per_case.filter(pl.col("returns") == 0)
    by_kind = {}
    for kind, column in (("documentation", "doc"), ("hearing", "hearing"), ("repeat", "repeat")):
        by_kind[kind] = {
            "events": int(per_case.get_column(column).sum()),
            "cases": int((per_case.get_column(column) > 0).sum()),
            "activities": matched[kind],
        }
    distribution = {
        "0": int((returns == 0).sum()),
        "1": int((returns == 1).sum()),
        "2": int((returns == 2).sum()),
        "3+": int((returns >= 3).sum()),
    }
    waits = burdened.get_column("wait_s")
    return BurdenResult(
        cases=per_case.height,
        cases_with_burden=burdened.height,
        returns=int(returns.sum()),
        by_kind=by_kind,
        returns_per_case_mean=float(returns.mean() or 0.0),  # type: ignore[arg-type]
        returns_p90=float(returns.quantile(0.9, "nearest") or 0.0),
        returns_max=int(returns.max() or 0),  # type: ignore[arg-type]
        distribution=distribution,
        citizen_wait_s=float(waits.sum()),
        citizen_wait_median_s=_median(waits),
        citizen_wait_p90_s=float(waits.quantile(0.9, "nearest")) if waits.len() else None,  # type: ignore[arg-type]
        duration_with_median_s=_median(burdened.get_column("duration_s")),
        duration_without_median_s=_median(spared.get_column("duration_s")),
    )
