"""Filters: each returns a new :class:`EventLog` (events stay in invariant order)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Literal

import polars as pl

from .errors import EventLogError
from .eventlog import ACTIVITY, CASE_ID, TIMESTAMP, EventLog

TimeMode = Literal["contained", "intersecting", "events"]
ActivityMode = Literal["keep_events", "drop_events", "cases_with", "cases_without"]


def _utc(moment: datetime) -> datetime:
    # Naive datetimes are UTC, like naive timestamps everywhere in the engine.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _keep_cases(log: EventLog, cases: pl.Series) -> EventLog:
    return log.with_events(log.events.filter(pl.col(CASE_ID).is_in(cases.implode())))


def filter_time_range(
    log: EventLog, start: datetime, end: datetime, *, mode: TimeMode = "contained"
) -> EventLog:
    """Keep cases that lie within [start, end] ("contained"), cases that overlap it
    ("intersecting"), or just the events inside it ("events"); bounds are inclusive."""
    low, high = _utc(start), _utc(end)
    if low > high:
        raise EventLogError(
            "filter_bad_range",
            "Starttidspunktet ligger efter sluttidspunktet.",
            "The start of the time range is after its end.",
            start=low.isoformat(),
            end=high.isoformat(),
        )
    ts = pl.col(TIMESTAMP)
    if mode == "events":
        return log.with_events(log.events.filter(ts.is_between(low, high)))
    spans = log.events.group_by(CASE_ID).agg(ts.min().alias("first"), ts.max().alias("last"))
    if mode == "contained":
        keep = spans.filter((pl.col("first") >= low) & (pl.col("last") <= high))
    else:
        keep = spans.filter((pl.col("first") <= high) & (pl.col("last") >= low))
    return _keep_cases(log, keep.get_column(CASE_ID))


def filter_activities(
    log: EventLog, activities: Iterable[str], *, mode: ActivityMode = "keep_events"
) -> EventLog:
    """Keep or drop events of the given activities, or keep cases with/without any of them."""
    wanted = pl.Series(list(activities), dtype=pl.String)
    hit = pl.col(ACTIVITY).is_in(wanted.implode())
    if mode == "keep_events":
        return log.with_events(log.events.filter(hit))
    if mode == "drop_events":
        return log.with_events(log.events.filter(~hit))
    with_hit = log.events.filter(hit).get_column(CASE_ID).unique()
    if mode == "cases_with":
        return _keep_cases(log, with_hit)
    return log.with_events(log.events.filter(~pl.col(CASE_ID).is_in(with_hit.implode())))


def _case_variants(log: EventLog) -> pl.DataFrame:
    return log.events.group_by(CASE_ID, maintain_order=True).agg(pl.col(ACTIVITY).alias("variant"))


def filter_variants(
    log: EventLog, variants: Iterable[Sequence[str]], *, keep: bool = True
) -> EventLog:
    """Keep (or drop) the cases whose activity sequence is one of ``variants``."""
    chosen = {tuple(v) for v in variants}
    per_case = _case_variants(log)
    hits = [tuple(v) in chosen for v in per_case.get_column("variant").to_list()]
    mask = pl.Series(hits, dtype=pl.Boolean)
    cases = per_case.get_column(CASE_ID).filter(mask if keep else ~mask)
    return _keep_cases(log, cases)


def filter_top_variants(log: EventLog, count: int) -> EventLog:
    """Keep the cases of the ``count`` most frequent variants (ties broken by sequence)."""
    per_case = _case_variants(log)
    ranked = (
        per_case.group_by("variant")
        .len("n")
        .sort(["n", "variant"], descending=[True, False])
        .head(count)
    )
    cases = per_case.join(ranked.select("variant"), on="variant", how="semi").get_column(CASE_ID)
    return _keep_cases(log, cases)


def filter_attribute(
    log: EventLog,
    attribute: str,
    values: Iterable[object],
    *,
    level: Literal["event", "case"] = "event",
    keep: bool = True,
) -> EventLog:
    """Filter on an attribute's value.

    ``level="event"``: keep (or drop) the matching events.
    ``level="case"``: keep (or drop) whole cases — matched on the case attribute
    if the log has one of that name, else on any event of the case matching.
    """
    wanted = list(values)
    if level == "case" and attribute in log.case_attributes.columns and attribute != CASE_ID:
        table = log.case_attributes
    elif attribute in log.events.columns:
        table = log.events
    else:
        available = sorted(set(log.events.columns) | set(log.case_attributes.columns))
        raise EventLogError(
            "filter_unknown_attribute",
            f"Loggen har ingen attribut ved navn '{attribute}'.",
            f"The log has no attribute named '{attribute}'.",
            attribute=attribute,
            available=available,
        )
    column = table.get_column(attribute)
    try:
        probe = pl.Series(wanted, dtype=column.dtype) if wanted else column.clear()
    except (TypeError, pl.exceptions.PolarsError) as exc:
        raise EventLogError(
            "filter_bad_value",
            f"Værdierne passer ikke til attributten '{attribute}' ({column.dtype}).",
            f"The values do not fit the attribute '{attribute}' ({column.dtype}).",
            attribute=attribute,
        ) from exc
    hit = pl.col(attribute).is_in(probe.implode())
    if level == "event":
        return log.with_events(log.events.filter(hit if keep else ~hit))
    matching = table.filter(hit).get_column(CASE_ID).unique()
    if keep:
        return _keep_cases(log, matching)
    return log.with_events(log.events.filter(~pl.col(CASE_ID).is_in(matching.implode())))


def filter_case_duration(
    log: EventLog, *, min_s: float | None = None, max_s: float | None = None
) -> EventLog:
    """Keep cases whose duration (last - first timestamp, seconds) is within the bounds."""
    spans = log.events.group_by(CASE_ID).agg(
        ((pl.col(TIMESTAMP).max() - pl.col(TIMESTAMP).min()).dt.total_microseconds() / 1e6).alias(
            "duration"
        )
    )
    condition = pl.lit(True)
    if min_s is not None:
        condition &= pl.col("duration") >= min_s
    if max_s is not None:
        condition &= pl.col("duration") <= max_s
    return _keep_cases(log, spans.filter(condition).get_column(CASE_ID))
