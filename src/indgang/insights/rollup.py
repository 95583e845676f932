"""The daily rollup the dashboards read.

``rebuild(start, end)`` replaces the ``ContactDaily`` rows for the local days
``start``..``end`` (both included) with fresh aggregates of the contact
register: one DELETE and one INSERT … SELECT … GROUP BY, so a year of 13 M
contacts is summarised inside the database without rows passing through
Python. The months those days fall in are then re-summed from the daily rows
into ``ContactMonthly`` (one more DELETE and INSERT), so a dashboard reads a
year as 12 monthly slices plus the odd days at either end. Contacts with a
recorded reason are counted the same way, per reason, into the small
``ReasonDaily`` and ``ReasonMonthly`` tables (the reason is not a dimension of
``ContactDaily``: it would multiply the rows every other metric reads). The
same SQL runs on SQLite and PostgreSQL; only the "local date of a timestamp"
and "month of a date" expressions come from the database backend.

Freshness: dashboards show figures as of the last rebuild. Run
``indgang insights rebuild`` (yesterday and today) every five minutes and
``indgang insights rebuild --days 31`` nightly; see docs/insights.md.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from indgang.contacts.constants import Outcome
from indgang.contacts.models import Contact
from indgang.insights.models import (
    ContactDaily,
    ContactMonthly,
    ReasonDaily,
    ReasonMonthly,
    RollupRun,
)

DIMENSIONS = ("channel", "service", "administration", "recontact", "earlier_channel")
MEASURES = ("count", "resolved", "settled", "duration_sum", "duration_count")
REASON_DIMENSIONS = ("channel", "service", "administration", "reason")
REASON_MEASURES = ("count",)


def local_midnight(day: date) -> datetime:
    """Start of ``day`` in the municipality's time zone, as an aware datetime."""
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(settings.TIME_ZONE))


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def last_of_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _daily_sql() -> tuple[str, list[Any]]:
    contact = Contact._meta.db_table
    daily = ContactDaily._meta.db_table
    day_sql, day_params = connection.ops.datetime_cast_date_sql(
        "c.started_at", (), settings.TIME_ZONE
    )
    columns = ", ".join(("day", *DIMENSIONS))
    measures = ", ".join(MEASURES)
    # The inner SELECT computes one row per contact; the outer one groups.
    # Only table names and backend SQL are interpolated; values are parameters.
    sql = f"""
        INSERT INTO {daily} ({columns}, {measures})
        SELECT {columns}, COUNT(*), SUM(resolved), SUM(settled),
               COALESCE(SUM(duration_s), 0), COUNT(duration_s)
        FROM (
            SELECT
                {day_sql} AS day,
                c.channel AS channel,
                c.service AS service,
                COALESCE(c.administration_id, '') AS administration,
                CASE WHEN c.earlier_contact_id IS NOT NULL OR c.earlier_case_id IS NOT NULL
                     THEN TRUE ELSE FALSE END AS recontact,
                COALESCE(e.channel, '') AS earlier_channel,
                CASE WHEN c.outcome = %s THEN 1 ELSE 0 END AS resolved,
                CASE WHEN c.outcome = %s AND NOT EXISTS (
                    SELECT 1 FROM {contact} r WHERE r.earlier_contact_id = c.id
                ) THEN 1 ELSE 0 END AS settled,
                c.duration_s AS duration_s
            FROM {contact} c
            LEFT JOIN {contact} e ON e.id = c.earlier_contact_id
            WHERE c.started_at >= %s AND c.started_at < %s
        ) per_contact
        GROUP BY {columns}
    """  # noqa: S608
    return sql, [*day_params, Outcome.RESOLVED.value, Outcome.RESOLVED.value]


def _reason_daily_sql() -> tuple[str, list[Any]]:
    contact = Contact._meta.db_table
    daily = ReasonDaily._meta.db_table
    day_sql, day_params = connection.ops.datetime_cast_date_sql(
        "c.started_at", (), settings.TIME_ZONE
    )
    columns = ", ".join(("day", *REASON_DIMENSIONS))
    # One pass over the range's contacts, without the joins of the daily
    # figures; contacts without a reason are left out.
    sql = f"""
        INSERT INTO {daily} ({columns}, count)
        SELECT {columns}, COUNT(*)
        FROM (
            SELECT
                {day_sql} AS day,
                c.channel AS channel,
                c.service AS service,
                COALESCE(c.administration_id, '') AS administration,
                c.reason AS reason
            FROM {contact} c
            WHERE c.started_at >= %s AND c.started_at < %s AND c.reason <> ''
        ) per_contact
        GROUP BY {columns}
    """  # noqa: S608
    return sql, list(day_params)


def _monthly_sql(
    daily: type[models.Model],
    monthly: type[models.Model],
    dimensions: tuple[str, ...],
    measures: tuple[str, ...],
) -> tuple[str, list[Any]]:
    month_sql, month_params = connection.ops.date_trunc_sql("month", "day", ())
    columns = ", ".join(dimensions)
    values = ", ".join(measures)
    sums = ", ".join(f"SUM({m})" for m in measures)
    sql = f"""
        INSERT INTO {monthly._meta.db_table} (month, {columns}, {values})
        SELECT month, {columns}, {sums}
        FROM (
            SELECT {month_sql} AS month, {columns}, {values}
            FROM {daily._meta.db_table}
            WHERE day >= %s AND day <= %s
        ) per_day
        GROUP BY month, {columns}
    """  # noqa: S608
    return sql, list(month_params)


def rebuild(start: date, end: date) -> int:
    """Recompute the daily rows for ``start``..``end`` (local days, both
    included) from the contact register, then the monthly rows of the months
    they fall in; the same for the reason figures. Returns the number of
    daily contact rows written."""
    if end < start:
        raise ValueError("end must not be before start")
    began = time.monotonic()
    adapt_time = connection.ops.adapt_datetimefield_value
    adapt_day = connection.ops.adapt_datefield_value
    daily_sql, daily_params = _daily_sql()
    reason_sql, reason_params = _reason_daily_sql()
    monthly_sql, monthly_params = _monthly_sql(ContactDaily, ContactMonthly, DIMENSIONS, MEASURES)
    reason_monthly_sql, reason_monthly_params = _monthly_sql(
        ReasonDaily, ReasonMonthly, REASON_DIMENSIONS, REASON_MEASURES
    )
    months = (first_of_month(start), last_of_month(end))
    with transaction.atomic():
        ContactDaily.objects.filter(day__gte=start, day__lte=end).delete()
        ContactMonthly.objects.filter(month__gte=months[0], month__lte=months[1]).delete()
        ReasonDaily.objects.filter(day__gte=start, day__lte=end).delete()
        ReasonMonthly.objects.filter(month__gte=months[0], month__lte=months[1]).delete()
        with connection.cursor() as cursor:
            lower, upper = local_midnight(start), local_midnight(end + timedelta(days=1))
            bounds = [adapt_time(lower), adapt_time(upper)]
            cursor.execute(daily_sql, [*daily_params, *bounds])
            rows = int(max(cursor.rowcount, 0))
            cursor.execute(reason_sql, [*reason_params, *bounds])
            month_bounds = [adapt_day(months[0]), adapt_day(months[1])]
            cursor.execute(monthly_sql, [*monthly_params, *month_bounds])
            cursor.execute(reason_monthly_sql, [*reason_monthly_params, *month_bounds])
        # Keep a week of run records (a rebuild every five minutes adds 2,000).
        RollupRun.objects.filter(finished_at__lt=timezone.now() - timedelta(days=7)).delete()
        RollupRun.objects.create(
            finished_at=timezone.now(),
            start=start,
            end=end,
            rows=rows,
            seconds=round(time.monotonic() - began, 3),
        )
    return rows


def rebuild_recent(days: int = 2) -> int:
    """Rebuild the last ``days`` local days up to and including today."""
    today = timezone.localdate()
    return rebuild(today - timedelta(days=days - 1), today)


def last_run() -> RollupRun | None:
    return RollupRun.objects.order_by("-finished_at").first()
