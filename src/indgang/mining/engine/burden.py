"""Citizen burden: how often a case goes back to the citizen, and how long they wait.

An activity *goes back to the citizen* when its name matches one of the
log's patterns (regular expressions, case-insensitive), by kind:

* ``documentation`` — requests for documents or information;
* ``hearing`` — hearings of the citizen or parties;
* ``repeat`` — applications or submissions: occurrences *after the first* in
  a case count (the citizen had to apply again).

A request is often recorded as several steps (create the letter, enter the
send date, ...). So the number of requests in a case is the number of times
the most frequent matching activity occurs there, not the number of matching
events: three steps of one request count once, two requests count twice.

The waiting time on the citizen is the time from a documentation request or
hearing to the next later moment in the case (the citizen's turn; logs with
one timestamp per event cannot tell it more precisely). Steps recorded at the
same moment share one interval, counted once. Patterns are set per log;
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
        r"request(ing)? (missing|additional|further|more)|retrieve missing|document x request"
        r"|nadere gegevens|opvragen|gegevens vragen|aanvullende gegevens gevraagd"
        r"|anmod.*(dokument|oplysning)|indhent|rykker|awaiting_citizen"
    ),
    "hearing": r"hearing|høring|zienswijze|horen|stakeholders? views|partshøring",
    "repeat": (r"application received|ansøgning modtaget|aanvraag ontvangen|^created$"),
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
        # The next moment later than this event's (ties: steps recorded on the same day).
        next_later=pl.when(pl.col(TIMESTAMP).shift(-1) > pl.col(TIMESTAMP))
        .then(pl.col(TIMESTAMP).shift(-1))
        .backward_fill()
        .over(CASE_ID),
    )
    # Each interval once per case, however many request steps share its start.
    waits = (
        events.filter(pl.col("doc") | pl.col("hearing"))
        .unique([CASE_ID, TIMESTAMP, "next_later"])
        .group_by(CASE_ID)
        .agg(
            wait_s=(pl.col("next_later") - pl.col(TIMESTAMP)).dt.total_microseconds().sum()
            / 1_000_000
        )
    )

    def times(flag: str, name: str, minus: int = 0) -> pl.DataFrame:
        """Per case: occurrences of the most frequent matching activity (minus ``minus``)."""
        return (
            events.filter(pl.col(flag))
            .group_by(CASE_ID, ACTIVITY)
            .len()
            .group_by(CASE_ID)
            .agg((pl.col("len").max().cast(pl.Int64) - minus).clip(lower_bound=0).alias(name))
        )

    per_case = events.group_by(CASE_ID).agg(
        duration_s=(pl.col(TIMESTAMP).max() - pl.col(TIMESTAMP).min()).dt.total_microseconds()
        / 1_000_000,
    )
    for counted in (
        times("doc", "doc"),
        times("hearing", "hearing"),
        times("application", "repeat", 1),
    ):
        per_case = per_case.join(counted, on=CASE_ID, how="left")
    per_case = per_case.join(waits, on=CASE_ID, how="left")
    per_case = per_case.with_columns(pl.col("doc", "hearing", "repeat", "wait_s").fill_null(0))
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
    burden_waits = burdened.get_column("wait_s")
    return BurdenResult(
        cases=per_case.height,
        cases_with_burden=burdened.height,
        returns=int(returns.sum()),
        by_kind=by_kind,
        returns_per_case_mean=float(returns.mean() or 0.0),  # type: ignore[arg-type]
        returns_p90=float(returns.quantile(0.9, "nearest") or 0.0),
        returns_max=int(returns.max() or 0),  # type: ignore[arg-type]
        distribution=distribution,
        citizen_wait_s=float(burden_waits.sum()),
        citizen_wait_median_s=_median(burden_waits),
        citizen_wait_p90_s=(
            float(burden_waits.quantile(0.9, "nearest") or 0.0) if burden_waits.len() else None
        ),
        duration_with_median_s=_median(burdened.get_column("duration_s")),
        duration_without_median_s=_median(spared.get_column("duration_s")),
    )
