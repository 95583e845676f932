"""Which attribute names the activity, and which groups events into cases.

A log read as-is names activities by ``concept:name`` and groups events by
trace. Many logs carry a readable name beside a code (BPIC15: ``01_HOOFD_010``
and ``activityNameEN`` "register submission date request"), or XES
classifiers combining keys. A *perspective* picks one of those:

* activity: ``""`` (as read), ``"classifier:<name>"`` or ``"attribute:<column>"``
* case: ``""`` (the trace / case id as read) or ``"attribute:<column>"``
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from .eventlog import (
    ACTIVITY,
    CASE_ID,
    LIFECYCLE,
    RESOURCE,
    STANDARD_SCHEMA,
    EventLog,
    finalise_event_log,
)

CLASSIFIER = "classifier:"
ATTRIBUTE = "attribute:"
# Attribute names that usually hold a readable activity name, best first.
READABLE_NAMES = (
    "activitynameen",
    "activityname",
    "activity_name",
    "activitynameda",
    "taskname",
    "task_name",
)


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    distinct: int


def _xes_key_column(log: EventLog, key: str) -> str | None:
    """The frame column holding XES key ``key`` (as the reader names it)."""
    standard = {"concept:name": ACTIVITY, "lifecycle:transition": LIFECYCLE}
    standard["org:resource"] = RESOURCE
    if key in standard:
        return standard[key]
    for column in (key, f"attr:{key}"):
        if column in log.events.columns:
            return column
    return None


def _string_columns(log: EventLog) -> list[str]:
    return [
        c
        for c in log.attribute_columns
        if log.events.schema[c] == pl.String and not c.startswith("_")
    ]


def activity_choices(log: EventLog) -> list[Choice]:
    """The ways to name activities: as read, the log's classifiers, string attributes."""
    choices = [Choice("", "concept:name", int(log.events.get_column(ACTIVITY).n_unique()))]
    for name, keys in log.classifiers.items():
        columns = [_xes_key_column(log, k) for k in keys]
        if not all(columns) or set(keys) <= {"org:resource", "org:group", "org:role"}:
            continue  # a resource classifier does not name activities
        else:
            expression = pl.concat_str([pl.col(c) for c in columns if c], separator="+")
            distinct = int(log.events.select(expression.n_unique()).item())
            choices.append(Choice(CLASSIFIER + name, name, distinct))
    for column in _string_columns(log):
        distinct = int(log.events.get_column(column).n_unique())
        if 1 < distinct <= max(1000, log.n_events // 20):
            choices.append(Choice(ATTRIBUTE + column, column, distinct))
    return choices


def case_choices(log: EventLog) -> list[Choice]:
    """Event attributes that could group events into cases instead of the trace."""
    choices = [Choice("", "case:concept:name", log.n_cases)]
    for column in _string_columns(log):
        distinct = int(log.events.get_column(column).n_unique())
        if 1 < distinct < log.n_events:
            choices.append(Choice(ATTRIBUTE + column, column, distinct))
    return choices


def _looks_like_code(values: pl.Series) -> bool:
    """Most names without a space (01_HOOFD_010, A_SUBMITTED) read as codes."""
    sample = values.drop_nulls().unique().head(200)
    if sample.is_empty():
        return False
    spaced = sample.str.contains(" ").sum()
    return spaced < sample.len() / 2


def readable_activity(log: EventLog) -> str:
    """The perspective key to start with: a readable name when the log has one."""
    if not _looks_like_code(log.events.get_column(ACTIVITY)):
        return ""
    columns = {c.lower(): c for c in _string_columns(log)}
    n_activities = log.events.get_column(ACTIVITY).n_unique()
    for wanted in READABLE_NAMES:
        column = columns.get(wanted)
        if column is None:
            continue
        values = log.events.get_column(column)
        if values.null_count() > log.n_events / 10 or _looks_like_code(values):
            continue
        if values.n_unique() <= 2 * n_activities:
            return ATTRIBUTE + column
    return ""


def choice_label(log: EventLog, key: str) -> str:
    for choice in activity_choices(log) + case_choices(log):
        if choice.key == key:
            return choice.label
    return key


def with_perspective(log: EventLog, activity: str = "", case: str = "") -> EventLog:
    """The log with activities named by ``activity`` and cases grouped by ``case``.

    Unknown keys (a column the log lacks) leave that part as read.
    """
    events = log.events
    if activity.startswith(CLASSIFIER):
        keys = log.classifiers.get(activity.removeprefix(CLASSIFIER))
        columns = [_xes_key_column(log, k) for k in keys or ()]
        if keys and all(columns):
            name = pl.concat_str([pl.col(c).fill_null("") for c in columns if c], separator="+")
            events = events.with_columns(name.alias(ACTIVITY))
    elif activity.startswith(ATTRIBUTE):
        column = activity.removeprefix(ATTRIBUTE)
        if column in events.columns and column not in STANDARD_SCHEMA:
            events = events.with_columns(
                pl.col(column).cast(pl.String).fill_null(pl.col(ACTIVITY)).alias(ACTIVITY)
            )
    if case.startswith(ATTRIBUTE):
        column = case.removeprefix(ATTRIBUTE)
        if column in events.columns and column not in STANDARD_SCHEMA:
            events = events.with_columns(
                pl.col(column).cast(pl.String).fill_null(pl.col(CASE_ID)).alias(CASE_ID)
            )
            return finalise_event_log(
                events,
                pl.DataFrame({CASE_ID: events.get_column(CASE_ID).unique(maintain_order=True)}),
                source=log.source,
                classifiers=log.classifiers,
                warnings=log.warnings,
            )
    if events is log.events:
        return log
    return EventLog(
        events=events,
        case_attributes=log.case_attributes,
        source=log.source,
        classifiers=log.classifiers,
        warnings=log.warnings,
    )
