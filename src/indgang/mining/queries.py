"""Reads of the mining app: stored logs, filtered analyses, process maps."""

from __future__ import annotations

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
    find_findings,
    process_map,
    summarise,
)
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


def load_log(log_import: EventLogImport) -> EventLog:
    folder = storage_dir(log_import)
    return EventLog(
        events=pl.read_parquet(folder / "events.parquet"),
        case_attributes=pl.read_parquet(folder / "cases.parquet"),
        source=log_import.file_name,
    )


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


@dataclass(frozen=True)
class Analysis:
    summary: ProcessSummary
    process_map: ProcessMap
    findings: list[dict[str, Any]]


def analysis(
    log_import: EventLogImport, log_filter: LogFilter, path_percentage: float
) -> Analysis | None:
    """The (filtered) log's summary, process map and findings; None when no case is left."""
    if not log_filter.active and log_import.result is not None:
        stored_findings: list[dict[str, Any]] = log_import.result["findings"]
        log = load_log(log_import)
        summary = summarise(log)
        return Analysis(summary, process_map(summary, path_percentage), stored_findings)
    log = filtered_log(log_import, log_filter)
    if log.n_events == 0:
        return None
    summary = summarise(log)
    findings = [f.to_dict() for f in find_findings(log, summary)]
    return Analysis(summary, process_map(summary, path_percentage), findings)
