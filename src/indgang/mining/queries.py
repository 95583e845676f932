"""Reads of the mining app: stored logs, filtered analyses, process maps."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import polars as pl
from django.db.models import QuerySet

from indgang.identity.queries import staff_profile
from indgang.mining.engine import (
    EventLog,
    ProcessSummary,
    filter_activities,
    filter_time_range,
    filter_top_variants,
    process_map,
    summarise,
)
from indgang.mining.engine.burden import citizen_burden, patterns_for
from indgang.mining.engine.conformance import check_rules
from indgang.mining.engine.perspective import with_perspective
from indgang.mining.engine.portfolio import ProcessProfile, process_profile, rank
from indgang.mining.engine.processmap import ProcessMap
from indgang.mining.models import EventLogImport
from indgang.mining.services import storage_dir

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def logs_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[EventLogImport]:
    profile = staff_profile(user)
    if profile is None:
        return EventLogImport.objects.none()
    return EventLogImport.objects.filter(administration=profile.administration)


def load_raw_log(log_import: EventLogImport) -> EventLog:
    """The stored log as read (activity = concept:name, cases = traces)."""
    folder = storage_dir(log_import)
    classifiers_file = folder / "classifiers.json"
    classifiers = (
        {k: tuple(v) for k, v in json.loads(classifiers_file.read_text()).items()}
        if classifiers_file.exists()
        else {}
    )
    return EventLog(
        events=pl.read_parquet(folder / "events.parquet"),
        case_attributes=pl.read_parquet(folder / "cases.parquet"),
        source=log_import.file_name,
        classifiers=classifiers,
    )


def load_log(log_import: EventLogImport) -> EventLog:
    """The stored log in the analyst's chosen perspective (activity and case attribute)."""
    return with_perspective(load_raw_log(log_import), log_import.activity_key, log_import.case_key)


@dataclass(frozen=True)
class LogFilter:
    start: datetime | None = None
    end: datetime | None = None
    activities: tuple[str, ...] = ()
    top_variants: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.start or self.end or self.activities or self.top_variants)


def filtered_log(log_import: EventLogImport, log_filter: LogFilter) -> EventLog:
    log = load_log(log_import)
    if log_filter.start or log_filter.end:
        log = filter_time_range(
            log,
            log_filter.start or datetime.min,
            log_filter.end or datetime.max,
            mode="intersecting",
        )
    if log_filter.activities:
        log = filter_activities(log, log_filter.activities, mode="cases_with")
    if log_filter.top_variants:
        log = filter_top_variants(log, log_filter.top_variants)
    return log


# --- the map: activities and paths sliders ----------------------------------
MAP_DEFAULT_ACTIVITIES = 20  # activities drawn by default (most frequent first)
MAP_DEFAULT_EDGES = 40  # paths drawn by default before the connectivity additions


def default_activity_percentage(n_activities: int) -> int:
    """Start with about MAP_DEFAULT_ACTIVITIES activities: readable at first sight."""
    if n_activities <= MAP_DEFAULT_ACTIVITIES:
        return 100
    return max(1, MAP_DEFAULT_ACTIVITIES * 100 // n_activities)


def kept_activities(summary: ProcessSummary, percentage: float) -> list[str]:
    """The most frequent ``percentage`` % of the activities (at least one)."""
    ranked = sorted(summary.activity_counts.items(), key=lambda item: (-item[1], item[0]))
    keep = max(1, round(len(ranked) * percentage / 100))
    return [name for name, _ in ranked[:keep]]


@dataclass(frozen=True)
class MapView:
    process_map: ProcessMap
    shown_activities: int
    total_activities: int
    shown_paths: int
    total_paths: int
    connectivity_paths: int
    shown_flow_share: float  # share of all transitions (incl. start/end) drawn


def map_view(
    log: EventLog, summary: ProcessSummary, activity_percentage: float, path_percentage: float
) -> MapView:
    """The map of the most frequent activities (the log projected on them) at the paths %.

    Hidden activities are left out of the traces, so a path A → C stands for
    A → (hidden activities) → C, as in Disco.
    """
    kept = kept_activities(summary, activity_percentage)
    if len(kept) < len(summary.activity_counts):
        projected = log.with_events(log.events.filter(pl.col("activity").is_in(kept)))
        shown_summary = summarise(projected)
    else:
        shown_summary = summary
    pmap = process_map(shown_summary, path_percentage)
    flow = {(e.source, e.target): e.count for e in pmap.edges}
    total_flow = (
        sum(shown_summary.start.values())
        + sum(shown_summary.end.values())
        + sum(e.count for e in shown_summary.dfg)
    )
    return MapView(
        process_map=pmap,
        shown_activities=len(kept),
        total_activities=len(summary.activity_counts),
        shown_paths=len(pmap.edges),
        total_paths=len(pmap.edges) + pmap.hidden_edges,
        connectivity_paths=sum(1 for e in pmap.edges if e.kept_for_connectivity),
        shown_flow_share=sum(flow.values()) / total_flow if total_flow else 1.0,
    )


# --- cases and variants ---------------------------------------------------------
def case_table(log: EventLog) -> pl.DataFrame:
    """One row per case: id, events, first and last moment, duration, variant."""
    return (
        log.events.group_by("case_id", maintain_order=True)
        .agg(
            events=pl.len(),
            first=pl.col("timestamp").first(),
            last=pl.col("timestamp").last(),
            variant=pl.col("activity"),
        )
        .with_columns(
            duration_s=(pl.col("last") - pl.col("first")).dt.total_microseconds() / 1_000_000
        )
    )


def cases_of_variant(table: pl.DataFrame, activities: tuple[str, ...]) -> pl.DataFrame:
    target = pl.Series([list(activities)], dtype=pl.List(pl.String))
    return table.filter(pl.col("variant") == target.first())


def trace(log: EventLog, case_id: str) -> list[dict[str, Any]]:
    """The events of one case with the wait since the previous event."""
    events = log.events.filter(pl.col("case_id") == case_id).with_columns(
        wait_s=(pl.col("timestamp") - pl.col("timestamp").shift(1)).dt.total_microseconds()
        / 1_000_000
    )
    return events.select("activity", "timestamp", "resource", "wait_s").to_dicts()


# --- portfolio ----------------------------------------------------------------------
def process_profile_of(log_import: EventLogImport) -> ProcessProfile:
    """A stored log's opportunities (findings, citizen burden, rule deviations)."""
    log = load_log(log_import)
    patterns = patterns_for(log_import.burden_patterns)
    findings = (log_import.result or {}).get("findings") or []
    citizen = "|".join(p for p in (patterns["documentation"], patterns["hearing"]) if p)
    return process_profile(
        log_import.name,
        log,
        findings,
        citizen_burden(log, patterns),
        check_rules(log, log_import.rules),
        citizen,
    )


def portfolio(
    user: AbstractBaseUser | AnonymousUser,
) -> list[tuple[EventLogImport, ProcessProfile]]:
    """The administration's analysed logs, one process each, ranked by hours a year to save."""
    pairs = [
        (log_import, process_profile_of(log_import))
        for log_import in logs_for(user).filter(status="done")
    ]
    order = {id(p): i for i, p in enumerate(rank([p for _, p in pairs]))}
    return sorted(pairs, key=lambda pair: order[id(pair[1])])
