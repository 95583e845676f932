"""The contact register's monthly partitions on PostgreSQL (migration 0004).

``indgang contacts partitions`` (a daily scheduled job) adds the months ahead
and moves any rows that landed in the default partition into their month.
On SQLite the table is not partitioned and there is nothing to do.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

MONTHS_AHEAD = 12


def partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_partitioned_table"
            " WHERE partrelid = 'contacts_contact'::regclass)"
        )
        return bool(cursor.fetchone()[0])  # type: ignore[index]


def ensure(months_ahead: int = MONTHS_AHEAD) -> int:
    """Add the missing month partitions up to ``months_ahead`` months ahead
    and for the rows waiting in the default partition; returns how many."""
    if not partitioned():
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT contacts_contact_ensure_partitions(%s)", [months_ahead])
        return int(cursor.fetchone()[0])  # type: ignore[index]


def cover(start: dt.date, end: dt.date) -> int:
    """Add the month partitions from ``start`` to ``end`` before loading rows
    there (an import or a generated year), so they do not land in the
    default partition; returns how many were added."""
    if not partitioned():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE contacts_contact_add_month(m::date))"
            " FROM generate_series(%s::date, %s::date, interval '1 month') m",
            [start.replace(day=1), end],
        )
        return int(cursor.fetchone()[0])  # type: ignore[index]


def rows_by_partition() -> dict[str, int]:
    """Rows in each partition (exact counts: for tests and the benchmark)."""
    if not partitioned():
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = 'contacts_contact'::regclass ORDER BY c.relname"
        )
        names = [row[0] for row in cursor.fetchall()]
        counts = {}
        for name in names:
            cursor.execute(f'SELECT count(*) FROM "{name}"')  # noqa: S608
            counts[name] = int(cursor.fetchone()[0])  # type: ignore[index]
    return counts
