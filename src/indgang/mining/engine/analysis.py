"""Process analyses on an :class:`EventLog`, all columnar (Polars).

Definitions follow pm4py so results can be checked against it:

* directly-follows: consecutive events of a case (after the stable sort);
  performance = seconds from one event's timestamp to the next's.
* stdev is the *sample* standard deviation (n - 1), as pandas' ``std``
  which pm4py's ``discover_performance_dfg`` uses; it is undefined (None)
  for a transition seen once (pm4py gives NaN).
* median of an even count is the mean of the two middle values.
* case duration = last timestamp - first timestamp of the case.
* waiting time before an activity = time since the previous event of the
  case (logs with one timestamp per event have no separate service time).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from .eventlog import ACTIVITY, CASE_ID, RESOURCE, TIMESTAMP, EventLog

_US_PER_S = 1_000_000.0


@dataclass(frozen=True)
class DfgEdge:
    source: str
    target: str
    count: int
    mean_s: float
    median_s: float
    min_s: float
    max_s: float
    sum_s: float
    stdev_s: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.source,
            "to": self.target,
            "count": self.count,
            "mean_s": self.mean_s,
            "median_s": self.median_s,
            "min_s": self.min_s,
            "max_s": self.max_s,
            "sum_s": self.sum_s,
            "stdev_s": self.stdev_s,
        }


@dataclass(frozen=True)
class Variant:
    activities: tuple[str, ...]
    count: int
    share: float


@dataclass(frozen=True)
class DurationSummary:
    min_s: float
    max_s: float
    mean_s: float
    median_s: float

    def to_dict(self) -> dict[str, float]:
        return {"min": self.min_s, "max": self.max_s, "mean": self.mean_s, "median": self.median_s}


@dataclass(frozen=True)
class ProcessSummary:
    """The core discovery results (what pm4py's dfg/variants/durations give)."""

    cases: int
    events: int
    activity_counts: dict[str, int]
    dfg: tuple[DfgEdge, ...]
    start: dict[str, int]
    end: dict[str, int]
    variants: tuple[Variant, ...]
    case_durations: DurationSummary

    @property
    def activities(self) -> int:
        return len(self.activity_counts)


# --------------------------------------------------------------------------- building blocks


def activity_enum(activity: pl.Series) -> pl.Series:
    """The activity column as an Enum of the sorted names (cheap grouping downstream).

    One pass hashing the names into a Categorical (exact: Polars keeps one code
    per distinct string), then the few distinct codes are ranked by name and the
    codes mapped to those ranks with a NumPy lookup table.
    """
    categorical = activity.cast(pl.Categorical)
    distinct = categorical.unique()
    names = distinct.cast(pl.String)
    physical = distinct.to_physical().to_numpy()
    lookup = np.zeros(int(physical.max()) + 1 if physical.size else 1, dtype=np.uint32)
    lookup[physical] = names.rank("ordinal").to_numpy().astype(np.uint32) - 1
    codes = lookup[categorical.to_physical().to_numpy()]
    return pl.Series(activity.name, codes).cat.to(pl.Enum(names.sort()))


def coded_frame(events: pl.DataFrame) -> tuple[pl.DataFrame, pl.Enum]:
    """Events with the activity as an Enum (cheap grouping), the resource, case
    boundary flags (``_first``, ``_last``) and the case number (``_case``, 0..)."""
    coded = activity_enum(events.get_column(ACTIVITY))
    enum = coded.dtype
    assert isinstance(enum, pl.Enum)
    case = pl.col(CASE_ID)
    frame = events.select(
        pl.col(CASE_ID),
        coded,
        pl.col(TIMESTAMP),
        pl.col(RESOURCE),
        (case != case.shift(1)).fill_null(True).alias("_first"),
        (case != case.shift(-1)).fill_null(True).alias("_last"),
    ).with_columns((pl.col("_first").cum_sum() - 1).cast(pl.UInt32).alias("_case"))
    return frame, enum


def _coded(log: EventLog, *extra: str) -> tuple[pl.DataFrame, pl.Enum]:
    """The log's coded frame (computed once per log), with ``extra`` event columns."""
    frame, enum = log.coded
    missing = [c for c in extra if c not in frame.columns]
    if missing:
        frame = frame.with_columns(log.events.select(missing))
    return frame, enum


def _steps(frame: pl.DataFrame, *extra: str) -> pl.DataFrame:
    """One row per directly-follows step: source, target, seconds between them."""
    return (
        frame.select(
            pl.col(ACTIVITY).alias("source"),
            pl.col(ACTIVITY).shift(-1).alias("target"),
            (
                (pl.col(TIMESTAMP).shift(-1) - pl.col(TIMESTAMP)).dt.total_microseconds()
                / _US_PER_S
            ).alias("seconds"),
            *[pl.col(c) for c in extra],
            *[pl.col(c).shift(-1).alias(f"next_{c}") for c in extra],
            pl.col("_last"),
        )
        .filter(~pl.col("_last"))
        .drop("_last")
    )


def _dfg_frame(steps: pl.DataFrame) -> pl.DataFrame:
    seconds = pl.col("seconds")
    return (
        steps.group_by("source", "target")
        .agg(
            pl.len().alias("count"),
            seconds.mean().alias("mean_s"),
            seconds.median().alias("median_s"),
            seconds.min().alias("min_s"),
            seconds.max().alias("max_s"),
            seconds.sum().alias("sum_s"),
            seconds.std(ddof=1).alias("stdev_s"),
        )
        .with_columns(pl.col("source", "target").cast(pl.String))
        .sort(["count", "source", "target"], descending=[True, False, False])
    )


def _variants_frame(frame: pl.DataFrame) -> pl.DataFrame:
    per_case = (
        frame.select("_case", pl.col(ACTIVITY).to_physical().alias("_code"))
        .group_by("_case")
        .agg(pl.col("_code"))
    )
    return (
        per_case.group_by("_code")
        .len("count")
        .with_columns((pl.col("count") / per_case.height).alias("share"))
        .sort("count", descending=True, maintain_order=False)
    )


def _durations(frame: pl.DataFrame) -> pl.DataFrame:
    firsts = frame.filter(pl.col("_first")).select(CASE_ID, pl.col(TIMESTAMP).alias("start"))
    lasts = frame.filter(pl.col("_last")).select(pl.col(TIMESTAMP).alias("end"))
    return pl.concat([firsts, lasts], how="horizontal").with_columns(
        ((pl.col("end") - pl.col("start")).dt.total_microseconds() / _US_PER_S).alias("duration_s")
    )


def number(value: object) -> float:
    """A Polars scalar aggregate as float (they are typed as any Python literal)."""
    if not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def _counts(series: pl.Series) -> dict[str, int]:
    """Value -> count, most frequent first, ties by name (stable JSON output)."""
    counted = (
        series.value_counts(name="n")
        .with_columns(pl.col(series.name).cast(pl.String))
        .sort(["n", series.name], descending=[True, False])
    )
    return dict(zip(counted.get_column(series.name).to_list(), counted["n"].to_list(), strict=True))


# --------------------------------------------------------------------------- public tables


def directly_follows(log: EventLog) -> pl.DataFrame:
    """DFG edges: source, target, count, mean_s, median_s, min_s, max_s, sum_s, stdev_s."""
    frame, _ = _coded(log)
    return _dfg_frame(_steps(frame))


def start_activities(log: EventLog) -> dict[str, int]:
    frame, _ = _coded(log)
    return _counts(frame.filter(pl.col("_first")).get_column(ACTIVITY))


def end_activities(log: EventLog) -> dict[str, int]:
    frame, _ = _coded(log)
    return _counts(frame.filter(pl.col("_last")).get_column(ACTIVITY))


def variants(log: EventLog) -> pl.DataFrame:
    """Variants (activity sequences) with count and share of cases, most frequent first."""
    frame, enum = _coded(log)
    table = _variants_frame(frame)
    names = enum.categories
    return table.select(
        pl.col("_code")
        .list.eval(
            pl.element().replace_strict(
                list(range(len(names))), names.to_list(), return_dtype=pl.String
            )
        )
        .alias("activities"),
        "count",
        "share",
    ).sort(["count", "activities"], descending=[True, False])


def case_durations(log: EventLog) -> pl.DataFrame:
    """Per case: case_id, start, end, duration_s."""
    frame, _ = _coded(log)
    return _durations(frame)


def waiting_times(log: EventLog) -> pl.DataFrame:
    """Per activity, the time since the previous event of the case (activity, count, stats)."""
    frame, _ = _coded(log)
    seconds = pl.col("seconds")
    return (
        _steps(frame)
        .group_by("target")
        .agg(
            pl.len().alias("count"),
            seconds.mean().alias("mean_s"),
            seconds.median().alias("median_s"),
            seconds.quantile(0.9, "linear").alias("p90_s"),
            seconds.max().alias("max_s"),
            seconds.sum().alias("sum_s"),
        )
        .select(pl.col("target").cast(pl.String).alias(ACTIVITY), pl.exclude("target"))
        .sort(["sum_s", ACTIVITY], descending=[True, False])
    )


def rework(log: EventLog) -> pl.DataFrame:
    """Per activity: cases where it occurs, cases where it repeats, extra executions."""
    frame, _ = _coded(log)
    per_case = frame.group_by(CASE_ID, ACTIVITY).len("n")
    total_cases = log.n_cases
    return (
        per_case.group_by(ACTIVITY)
        .agg(
            pl.len().alias("cases"),
            (pl.col("n") > 1).sum().alias("cases_with_rework"),
            (pl.col("n") - 1).sum().alias("repeated_executions"),
        )
        .with_columns(
            pl.col(ACTIVITY).cast(pl.String),
            (pl.col("cases_with_rework") / total_cases).alias("share_of_cases"),
        )
        .sort(["repeated_executions", ACTIVITY], descending=[True, False])
    )


def bottlenecks(log: EventLog, top: int = 10) -> pl.DataFrame:
    """Transitions with the largest total waiting time, with their share of all waiting."""
    dfg = directly_follows(log)
    total = dfg.get_column("sum_s").sum()
    return (
        dfg.with_columns((pl.col("sum_s") / total if total else pl.lit(0.0)).alias("share_of_wait"))
        .sort(["sum_s", "source", "target"], descending=[True, False, False])
        .head(top)
    )


def handovers(log: EventLog) -> pl.DataFrame:
    """Resource-to-resource handovers between consecutive events of a case."""
    frame, _ = _coded(log, RESOURCE)
    steps = _steps(frame, RESOURCE)
    changed = (
        pl.col(RESOURCE).is_not_null()
        & pl.col(f"next_{RESOURCE}").is_not_null()
        & (pl.col(RESOURCE) != pl.col(f"next_{RESOURCE}"))
    )
    return (
        steps.filter(changed)
        .group_by(
            pl.col(RESOURCE).alias("from_resource"), pl.col(f"next_{RESOURCE}").alias("to_resource")
        )
        .agg(pl.len().alias("count"), pl.col("seconds").median().alias("median_s"))
        .sort(["count", "from_resource", "to_resource"], descending=[True, False, False])
    )


# --------------------------------------------------------------------------- summary


def summarise(log: EventLog, *, max_variants: int | None = None) -> ProcessSummary:
    """DFG with performance, start/end activities, variants and case durations in one pass."""
    frame, enum = _coded(log)
    names = enum.categories.to_list()
    dfg = _dfg_frame(_steps(frame))
    edges = tuple(
        DfgEdge(
            source=row[0],
            target=row[1],
            count=row[2],
            mean_s=row[3],
            median_s=row[4],
            min_s=row[5],
            max_s=row[6],
            sum_s=row[7],
            stdev_s=row[8],
        )
        for row in dfg.iter_rows()
    )
    table = _variants_frame(frame)
    total_cases = int(frame.get_column("_first").sum())
    rows = [(tuple(names[c] for c in codes), n) for codes, n, _ in table.iter_rows()]
    rows.sort(key=lambda item: (-item[1], item[0]))
    if max_variants is not None:
        rows = rows[:max_variants]
    durations = _durations(frame).get_column("duration_s")
    return ProcessSummary(
        cases=total_cases,
        events=frame.height,
        activity_counts=_counts(frame.get_column(ACTIVITY)),
        dfg=edges,
        start=_counts(frame.filter(pl.col("_first")).get_column(ACTIVITY)),
        end=_counts(frame.filter(pl.col("_last")).get_column(ACTIVITY)),
        variants=tuple(Variant(a, n, n / total_cases) for a, n in rows),
        case_durations=DurationSummary(
            min_s=number(durations.min()),
            max_s=number(durations.max()),
            mean_s=number(durations.mean()),
            median_s=number(durations.median()),
        ),
    )


def summary_to_dict(summary: ProcessSummary) -> dict[str, Any]:
    """The JSON shape of ``indgang mining analyse --json`` (without findings)."""
    return {
        "cases": summary.cases,
        "events": summary.events,
        "activities": summary.activities,
        "dfg": [edge.to_dict() for edge in summary.dfg],
        "start": summary.start,
        "end": summary.end,
        "variants": [
            {"activities": list(v.activities), "count": v.count} for v in summary.variants
        ],
        "case_durations_s": summary.case_durations.to_dict(),
    }
