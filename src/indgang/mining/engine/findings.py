"""Findings: where a process has potential for simplification, in plain words.

Every finding has a score from 0 to 100. Time-based scores are the share of
all case time (the sum of every case's duration) that the pattern accounts
for; the rest are shares of events or of cases. The exact definitions are in
``docs/mining.md`` (section "Findings"); keep the two in step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from .analysis import ProcessSummary, _coded, _steps, number, summarise
from .eventlog import ACTIVITY, RESOURCE, TIMESTAMP, EventLog

Lang = Literal["da", "en"]
IntArray = npt.NDArray[np.int64]

# Support thresholds: a finding needs at least this many cases/steps behind it.
MIN_CASES = 5
MIN_CASE_SHARE = 0.01
MIN_SCORE = 0.5
# A detour is an activity in at most this share of cases; above it, the cases
# *without* it are the exception (often withdrawn or rejected cases).
MAX_DETOUR_SHARE = 0.5
MAX_PER_KIND = 4
MAX_FINDINGS = 20
# Per activity median comparisons are exact but O(cases); limit how many we compute.
MAX_CANDIDATES = 60


@dataclass(frozen=True)
class Finding:
    kind: str
    score: float
    subject: dict[str, str]
    text_da: str
    text_en: str
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        parts = [self.kind, *(f"{k}={v}" for k, v in sorted(self.subject.items()))]
        return "|".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "score": round(self.score, 1),
            "subject": self.subject,
            "text_da": self.text_da,
            "text_en": self.text_en,
            "figures": self.figures,
        }


# --------------------------------------------------------------------------- wording


def fmt_int(value: float, lang: Lang) -> str:
    text = f"{round(value):,}"
    return text.replace(",", ".") if lang == "da" else text


def fmt_number(value: float, lang: Lang) -> str:
    if abs(value) < 10 and abs(value - round(value)) >= 0.05:
        text = f"{value:.1f}"
    else:
        text = f"{round(value):,}"
    if lang == "da":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def fmt_pct(share: float, lang: Lang) -> str:
    pct = share * 100
    text = f"{pct:.1f}" if 0 < pct < 1 else f"{round(pct)}"
    return f"{text.replace('.', ',')} %" if lang == "da" else f"{text}%"


_UNITS: dict[Lang, tuple[tuple[str, str], ...]] = {
    "da": (("sekund", "sekunder"), ("minut", "minutter"), ("time", "timer"), ("dag", "dage")),
    "en": (("second", "seconds"), ("minute", "minutes"), ("hour", "hours"), ("day", "days")),
}


def fmt_duration(seconds: float, lang: Lang) -> str:
    """Human duration in the largest sensible unit: '21 days', '4,5 timer'."""
    seconds = abs(seconds)
    if seconds < 90:
        value, unit = seconds, 0
    elif seconds < 90 * 60:
        value, unit = seconds / 60, 1
    elif seconds < 48 * 3600:
        value, unit = seconds / 3600, 2
    else:
        value, unit = seconds / 86400, 3
    text = fmt_number(value, lang)
    singular, plural = _UNITS[lang][unit]
    return f"{text} {singular if text == '1' else plural}"


def _q(name: str, lang: Lang) -> str:
    return f"»{name}«" if lang == "da" else f"'{name}'"


# --------------------------------------------------------------------------- context


@dataclass(frozen=True)
class _Occurrences:
    """How often each activity occurs in each case where it occurs, sorted by
    (activity code, case number); activity codes index ``names``."""

    names: list[str]
    code: IntArray
    case: IntArray
    count: IntArray

    @classmethod
    def of(cls, frame: pl.DataFrame) -> _Occurrences:
        enum = frame.schema[ACTIVITY]
        assert isinstance(enum, pl.Enum)
        names = enum.categories.to_list()
        code = frame.get_column(ACTIVITY).to_physical().to_numpy()
        if len(names) <= np.iinfo(np.uint16).max:
            code = code.astype(np.uint16)  # stable argsort of 16-bit ints is a radix sort
        # Events are grouped by case in case order, so a stable sort by activity
        # leaves each activity's events in case order: counting runs gives (activity, case, n).
        order = np.argsort(code, kind="stable")
        code = code[order].astype(np.int64)
        case = frame.get_column("_case").to_numpy()[order].astype(np.int64)
        if code.size == 0:
            return cls(names, code, case, code.copy())
        starts = np.flatnonzero(
            np.concatenate(([True], (np.diff(code) != 0) | (np.diff(case) != 0)))
        )
        count = np.diff(np.append(starts, code.size))
        return cls(names, code[starts], case[starts], count)


@dataclass
class _Context:
    n_cases: int
    n_events: int
    total_time: float  # sum of all case durations, seconds
    durations: npt.NDArray[np.float64]  # by case number
    occurrences: _Occurrences
    steps: pl.DataFrame  # source, target, seconds, resource, next_resource
    summary: ProcessSummary
    duration_order: IntArray | None = None  # argsort of durations, made when first needed

    def min_cases(self) -> int:
        return max(MIN_CASES, math.ceil(MIN_CASE_SHARE * self.n_cases))

    def time_share(self, seconds: float) -> float:
        return seconds / self.total_time if self.total_time > 0 else 0.0


def _context(log: EventLog, summary: ProcessSummary) -> _Context:
    frame, _ = _coded(log, RESOURCE)
    first = frame.filter(pl.col("_first")).get_column(TIMESTAMP)
    last = frame.filter(pl.col("_last")).get_column(TIMESTAMP)
    durations = ((last - first).dt.total_microseconds() / 1e6).to_numpy().astype(np.float64)
    return _Context(
        n_cases=summary.cases,
        n_events=summary.events,
        total_time=float(durations.sum()),
        durations=durations,
        occurrences=_Occurrences.of(frame),
        steps=_steps(frame, RESOURCE),
        summary=summary,
    )


def _median(values: npt.NDArray[np.float64]) -> float:
    return float(np.median(values)) if values.size else float("nan")


def _with_without(ctx: _Context, cases: npt.NDArray[np.int64]) -> tuple[float, float]:
    """Median case duration of the given cases and of all the others.

    With the durations sorted once, the k-th smallest of a subset is where the
    running count of its members reaches k: O(cases) per call, no partitioning.
    """
    mask = np.zeros(ctx.n_cases, dtype=bool)
    mask[cases] = True
    if ctx.duration_order is None:
        ctx.duration_order = np.argsort(ctx.durations, kind="stable")
    order = ctx.duration_order
    ordered = ctx.durations[order]
    inside = np.cumsum(mask[order])
    outside = np.arange(1, ctx.n_cases + 1) - inside
    return _subset_median(ordered, inside), _subset_median(ordered, outside)


def _subset_median(ordered: npt.NDArray[np.float64], running: IntArray) -> float:
    """The median of the members of a subset of ``ordered`` (``running``: members so far)."""
    n = int(running[-1]) if running.size else 0
    if n == 0:
        return float("nan")
    upper = ordered[np.searchsorted(running, n // 2 + 1)]
    if n % 2:
        return float(upper)
    lower = ordered[np.searchsorted(running, n // 2)]
    return float((lower + upper) / 2)


# --------------------------------------------------------------------------- finders


def _activity_findings(ctx: _Context) -> list[Finding]:
    """Detours (optional activities that lengthen cases) and rework (repeats)."""
    # Each activity's cases are one slice of the occurrences; sums by bincount.
    occurrences = ctx.occurrences
    names, code, case, count = (
        occurrences.names,
        occurrences.code,
        occurrences.case,
        occurrences.count,
    )
    bounds = np.searchsorted(code, np.arange(len(names) + 1))
    repeats_of = np.bincount(code, weights=count - 1, minlength=len(names))
    minimum = ctx.min_cases()
    # Mean-based pre-score picks the candidates worth an exact median comparison.
    total = ctx.durations.sum()
    mean_all = total / max(ctx.n_cases, 1)
    candidates: list[tuple[float, str, str, npt.NDArray[np.int64], int]] = []
    for index, activity in enumerate(names):
        cases_here = case[bounds[index] : bounds[index + 1]]
        repeated = cases_here[count[bounds[index] : bounds[index + 1]] > 1]
        repeats = int(repeats_of[index])
        for kind, cases in (("detour", cases_here), ("rework", repeated)):
            n = cases.size
            if n < minimum or ctx.n_cases - n < minimum:
                continue
            mean_with = float(ctx.durations[cases].mean())
            mean_other = (total - mean_with * n) / (ctx.n_cases - n)
            pre = n * max(mean_with - mean_other, 0.0) + (
                repeats * mean_all if kind == "rework" else 0.0
            )
            candidates.append((pre, kind, activity, cases, repeats))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    # Activities that occur in exactly the same cases tell one story: report it once.
    companions: dict[tuple[str, bytes], list[str]] = {}
    for _, kind, activity, cases, _ in candidates:
        if kind == "detour":
            companions.setdefault((kind, cases.tobytes()), []).append(activity)
    findings: list[Finding] = []
    for _, kind, activity, cases, repeats in candidates[:MAX_CANDIDATES]:
        n = len(cases)
        together: list[str] = []
        if kind == "detour":
            group = companions[(kind, cases.tobytes())]
            if group[0] != activity:
                continue
            together = group[1:]
        med_with, med_without = _with_without(ctx, cases)
        extra = max(med_with - med_without, 0.0)
        share = n / ctx.n_cases
        time_share = ctx.time_share(n * extra)
        figures: dict[str, Any] = {
            "cases": n,
            "share_of_cases": share,
            "median_duration_with_s": med_with,
            "median_duration_without_s": med_without,
            "extra_median_duration_s": extra,
            "share_of_case_time": time_share,
        }
        if kind == "detour":
            if share > MAX_DETOUR_SHARE or extra <= 0:
                continue  # mainline activity, or not slower: nothing to skip
            score = 100 * time_share
            with_en = with_da = ""
            if together:
                figures["always_together_with"] = together
                names_en = ", ".join(_q(a, "en") for a in together[:3])
                names_da = ", ".join(_q(a, "da") for a in together[:3])
                more = len(together) - 3
                with_en = f" (always with {names_en}{f' and {more} more' if more > 0 else ''})"
                with_da = f" (altid sammen med {names_da}{f' og {more} flere' if more > 0 else ''})"
            text_en = (
                f"In {fmt_pct(share, 'en')} of cases {_q(activity, 'en')} occurs{with_en}; "
                "those cases take "
                f"{fmt_duration(extra, 'en')} longer (median {fmt_duration(med_with, 'en')} "
                f"against {fmt_duration(med_without, 'en')})."
            )
            text_da = (
                f"I {fmt_pct(share, 'da')} af sagerne forekommer {_q(activity, 'da')}{with_da}; "
                "de sager "
                f"tager {fmt_duration(extra, 'da')} længere (median {fmt_duration(med_with, 'da')} "
                f"mod {fmt_duration(med_without, 'da')})."
            )
        else:
            effort_share = repeats / ctx.n_events
            figures.update(repeated_executions=repeats, share_of_events=effort_share)
            score = 100 * max(time_share, effort_share)
            longer_en = (
                f"; those cases take {fmt_duration(extra, 'en')} longer (median)"
                if extra > 0
                else ""
            )
            longer_da = (
                f"; de sager tager {fmt_duration(extra, 'da')} længere (median)"
                if extra > 0
                else ""
            )
            text_en = (
                f"{_q(activity, 'en')} is repeated in {fmt_pct(share, 'en')} of cases "
                f"({fmt_int(n, 'en')} cases, {fmt_int(repeats, 'en')} extra executions){longer_en}."
            )
            text_da = (
                f"{_q(activity, 'da')} gentages i {fmt_pct(share, 'da')} af sagerne "
                f"({fmt_int(n, 'da')} sager, {fmt_int(repeats, 'da')} ekstra udførelser)"
                f"{longer_da}."
            )
        findings.append(
            Finding(
                kind, score, {"type": "activity", "activity": activity}, text_da, text_en, figures
            )
        )
    return findings


def _waiting_findings(ctx: _Context) -> list[Finding]:
    """Bottleneck transitions and activities preceded by long waits."""
    findings: list[Finding] = []
    minimum = ctx.min_cases()
    total_steps = max(sum(edge.count for edge in ctx.summary.dfg), 1)
    for edge in ctx.summary.dfg:
        if edge.count < minimum or edge.sum_s <= 0:
            continue
        share = ctx.time_share(edge.sum_s)
        step_share = edge.count / total_steps
        figures = {
            "count": edge.count,
            "sum_s": edge.sum_s,
            "median_s": edge.median_s,
            "mean_s": edge.mean_s,
            "share_of_case_time": share,
            "share_of_steps": step_share,
        }
        if edge.source == edge.target:
            between_en = f"The wait from one {_q(edge.source, 'en')} to the next"
            between_da = f"Ventetiden fra én {_q(edge.source, 'da')} til den næste"
        else:
            between_en = f"The wait between {_q(edge.source, 'en')} and {_q(edge.target, 'en')}"
            between_da = f"Ventetiden mellem {_q(edge.source, 'da')} og {_q(edge.target, 'da')}"
        text_en = (
            f"{between_en} makes up {fmt_pct(share, 'en')} of all case time for "
            f"{fmt_pct(step_share, 'en')} of the steps ({fmt_int(edge.count, 'en')} times, median "
            f"{fmt_duration(edge.median_s, 'en')}, mean {fmt_duration(edge.mean_s, 'en')})."
        )
        text_da = (
            f"{between_da} udgør {fmt_pct(share, 'da')} af den samlede sagstid for "
            f"{fmt_pct(step_share, 'da')} af skridtene ({fmt_int(edge.count, 'da')} gange, median "
            f"{fmt_duration(edge.median_s, 'da')}, gennemsnit {fmt_duration(edge.mean_s, 'da')})."
        )
        subject = {"type": "transition", "from": edge.source, "to": edge.target}
        score = 100 * max(0.0, share - step_share)
        findings.append(Finding("bottleneck", score, subject, text_da, text_en, figures))

    incoming = (
        ctx.steps.group_by("target")
        .agg(
            pl.len().alias("count"),
            pl.col("seconds").sum().alias("sum_s"),
            pl.col("seconds").median().alias("median_s"),
            pl.col("seconds").quantile(0.9, "linear").alias("p90_s"),
        )
        .with_columns(pl.col("target").cast(pl.String))
        .sort("target")
    )
    largest_edge: dict[str, float] = {}
    for edge in ctx.summary.dfg:
        largest_edge[edge.target] = max(largest_edge.get(edge.target, 0.0), edge.sum_s)
    for row in incoming.iter_rows(named=True):
        activity, total = row["target"], row["sum_s"]
        if row["count"] < minimum or total <= 0:
            continue
        if largest_edge.get(activity, 0.0) >= 0.8 * total:
            continue  # one transition explains it: the bottleneck finding says it already
        share = ctx.time_share(total)
        step_share = row["count"] / total_steps
        text_en = (
            f"Waiting before {_q(activity, 'en')} makes up {fmt_pct(share, 'en')} of all case "
            f"time for {fmt_pct(step_share, 'en')} of the steps: median "
            f"{fmt_duration(row['median_s'], 'en')}, and 1 in 10 waits more than "
            f"{fmt_duration(row['p90_s'], 'en')}."
        )
        text_da = (
            f"Ventetiden før {_q(activity, 'da')} udgør {fmt_pct(share, 'da')} af den samlede "
            f"sagstid for {fmt_pct(step_share, 'da')} af skridtene: median "
            f"{fmt_duration(row['median_s'], 'da')}, og hver tiende venter mere end "
            f"{fmt_duration(row['p90_s'], 'da')}."
        )
        figures = {
            "count": row["count"],
            "sum_s": total,
            "median_s": row["median_s"],
            "p90_s": row["p90_s"],
            "share_of_case_time": share,
            "share_of_steps": step_share,
        }
        subject = {"type": "activity", "activity": activity}
        score = 100 * max(0.0, share - step_share)
        findings.append(Finding("waiting", score, subject, text_da, text_en, figures))
    return findings


def _variant_finding(ctx: _Context) -> list[Finding]:
    variants = ctx.summary.variants
    n_variants = len(variants)
    if ctx.n_cases < 20 or n_variants <= 10:
        return []
    top10 = sum(v.count for v in variants[:10]) / ctx.n_cases
    singletons = sum(1 for v in variants if v.count == 1)
    figures = {
        "variants": n_variants,
        "cases": ctx.n_cases,
        "top10_share_of_cases": top10,
        "cases_with_unique_variant": singletons,
    }
    only_en, only_da = ("only ", "kun ") if top10 < 0.8 else ("", "")
    text_en = (
        f"{fmt_int(n_variants, 'en')} variants for {fmt_int(ctx.n_cases, 'en')} cases: the 10 most "
        f"common cover {only_en}{fmt_pct(top10, 'en')} of cases, and {fmt_int(singletons, 'en')} "
        "cases follow a path no other case follows."
    )
    text_da = (
        f"{fmt_int(n_variants, 'da')} varianter for {fmt_int(ctx.n_cases, 'da')} sager: de 10 "
        f"hyppigste dækker {only_da}{fmt_pct(top10, 'da')} af sagerne, og "
        f"{fmt_int(singletons, 'da')} sager følger et forløb, som ingen anden sag følger."
    )
    return [
        Finding(
            "variant_explosion", 100 * (1 - top10), {"type": "process"}, text_da, text_en, figures
        )
    ]


def _long_tail_finding(ctx: _Context) -> list[Finding]:
    if ctx.n_cases < 20 or ctx.total_time <= 0:
        return []
    ordered = np.sort(ctx.durations)[::-1]
    slowest = math.ceil(0.1 * ctx.n_cases)
    tail_share = float(ordered[:slowest].sum()) / ctx.total_time
    p90 = float(np.quantile(ctx.durations, 0.9))
    median = float(np.median(ctx.durations))
    score = 100 * max(0.0, (tail_share - 0.1) / 0.9)
    ratio = f" — {fmt_number(p90 / median, 'en')}× the median of {fmt_duration(median, 'en')}"
    ratio_da = f" — {fmt_number(p90 / median, 'da')} gange medianen på {fmt_duration(median, 'da')}"
    if median <= 0:
        ratio = ratio_da = ""
    figures = {
        "slowest_cases": slowest,
        "p90_duration_s": p90,
        "median_duration_s": median,
        "slowest_10pct_share_of_case_time": tail_share,
    }
    text_en = (
        f"The slowest 10% of cases ({fmt_int(slowest, 'en')}) take longer than "
        f"{fmt_duration(p90, 'en')}{ratio} — and account for {fmt_pct(tail_share, 'en')} of all "
        "case time."
    )
    text_da = (
        f"De langsomste 10 % af sagerne ({fmt_int(slowest, 'da')}) tager mere end "
        f"{fmt_duration(p90, 'da')}{ratio_da} — og står for {fmt_pct(tail_share, 'da')} af den "
        "samlede sagstid."
    )
    return [Finding("long_tail", score, {"type": "process"}, text_da, text_en, figures)]


def _handover_findings(ctx: _Context) -> list[Finding]:
    known = ctx.steps.filter(
        pl.col(RESOURCE).is_not_null() & pl.col(f"next_{RESOURCE}").is_not_null()
    ).with_columns(
        (pl.col(RESOURCE) != pl.col(f"next_{RESOURCE}")).alias("handover"),
    )
    if known.height < 20:
        return []
    handed = known.filter(pl.col("handover"))
    same = known.filter(~pl.col("handover"))
    findings: list[Finding] = []
    if handed.height >= MIN_CASES and same.height >= MIN_CASES:
        med_h = number(handed.get_column("seconds").median())
        med_s = number(same.get_column("seconds").median())
        extra = max(med_h - med_s, 0.0)
        share_steps = handed.height / known.height
        time_share = ctx.time_share(handed.height * extra)
        figures = {
            "steps_with_resources": known.height,
            "handovers": handed.height,
            "share_of_steps": share_steps,
            "median_wait_handover_s": med_h,
            "median_wait_same_resource_s": med_s,
            "share_of_case_time": time_share,
        }
        text_en = (
            f"In {fmt_pct(share_steps, 'en')} of steps the case passes to another person; the "
            f"wait after a handover is {fmt_duration(med_h, 'en')} (median) against "
            f"{fmt_duration(med_s, 'en')} when the same person continues."
        )
        text_da = (
            f"I {fmt_pct(share_steps, 'da')} af skridtene går sagen videre til en anden person; "
            f"ventetiden efter et skift er {fmt_duration(med_h, 'da')} (median) mod "
            f"{fmt_duration(med_s, 'da')}, når den samme person fortsætter."
        )
        findings.append(
            Finding("handover", 100 * time_share, {"type": "process"}, text_da, text_en, figures)
        )
    per_edge = (
        known.group_by("source", "target")
        .agg(
            pl.col("handover").sum().alias("handovers"),
            (~pl.col("handover")).sum().alias("same"),
            pl.col("seconds").filter(pl.col("handover")).median().alias("median_h"),
            pl.col("seconds").filter(~pl.col("handover")).median().alias("median_s"),
        )
        .with_columns(pl.col("source", "target").cast(pl.String))
        .sort("source", "target")
    )
    minimum = ctx.min_cases()
    for row in per_edge.iter_rows(named=True):
        if row["handovers"] < minimum or row["same"] < MIN_CASES:
            continue
        extra = row["median_h"] - row["median_s"]
        if extra <= 0:
            continue
        share = row["handovers"] / (row["handovers"] + row["same"])
        time_share = ctx.time_share(row["handovers"] * extra)
        a, b = row["source"], row["target"]
        text_en = (
            f"When {_q(a, 'en')} → {_q(b, 'en')} passes to another person ({fmt_pct(share, 'en')} "
            f"of {fmt_int(row['handovers'] + row['same'], 'en')} times), the wait is "
            f"{fmt_duration(extra, 'en')} longer (median {fmt_duration(row['median_h'], 'en')} "
            f"against {fmt_duration(row['median_s'], 'en')})."
        )
        text_da = (
            f"Når {_q(a, 'da')} → {_q(b, 'da')} går videre til en anden person "
            f"({fmt_pct(share, 'da')} af {fmt_int(row['handovers'] + row['same'], 'da')} gange), "
            "er "
            f"ventetiden {fmt_duration(extra, 'da')} længere (median "
            f"{fmt_duration(row['median_h'], 'da')} mod {fmt_duration(row['median_s'], 'da')})."
        )
        figures = {
            "handovers": row["handovers"],
            "same_resource": row["same"],
            "median_wait_handover_s": row["median_h"],
            "median_wait_same_resource_s": row["median_s"],
            "share_of_case_time": time_share,
        }
        subject = {"type": "transition", "from": a, "to": b}
        findings.append(Finding("handover", 100 * time_share, subject, text_da, text_en, figures))
    return findings


# --------------------------------------------------------------------------- ranking


def find_findings(
    log: EventLog,
    summary: ProcessSummary | None = None,
    *,
    limit: int = MAX_FINDINGS,
    per_kind: int = MAX_PER_KIND,
    min_score: float = MIN_SCORE,
) -> list[Finding]:
    """Rank activities, transitions and the process by potential for simplification.

    Returns at most ``limit`` findings with score >= ``min_score``, at most
    ``per_kind`` of each kind (so one kind cannot crowd out the rest), best first.
    """
    summary = summary or summarise(log)
    ctx = _context(log, summary)
    candidates = [
        *_activity_findings(ctx),
        *_waiting_findings(ctx),
        *_variant_finding(ctx),
        *_long_tail_finding(ctx),
        *_handover_findings(ctx),
    ]
    candidates = [
        replace(f, score=min(f.score, 100.0))
        for f in candidates
        if math.isfinite(f.score) and f.score >= min_score
    ]
    candidates.sort(key=lambda f: (-f.score, f.kind, f.id))
    taken: dict[str, int] = {}
    result: list[Finding] = []
    for finding in candidates:
        if taken.get(finding.kind, 0) >= per_kind:
            continue
        taken[finding.kind] = taken.get(finding.kind, 0) + 1
        result.append(finding)
        if len(result) >= limit:
            break
    return result


def process_potential(findings: list[Finding]) -> float:
    """One number to rank processes: the mean score of the five best findings (missing = 0)."""
    best = sorted((f.score for f in findings), reverse=True)[:5]
    return sum(best) / 5
