"""Bulk writing on PostgreSQL: COPY, and loading without indexes.

Above ``BULK_ROWS`` rows into a table that is not much bigger, PostgreSQL
loads faster without the table's secondary indexes and foreign keys,
rebuilt once at the end (PostgreSQL's own advice for populating a
database). It all happens in the caller's transaction, so a failure rolls
back the drops too; the table is locked for the duration.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import polars as pl
from django.db import connection

BULK_ROWS = 200_000
TABLE = "contacts_contact"


def to_csv(frame: pl.DataFrame) -> bytes:
    out = frame
    if "started_at" in frame.columns:
        out = frame.with_columns(pl.col("started_at").dt.strftime("%Y-%m-%dT%H:%M:%S%.6f+00:00"))
    buffer = io.BytesIO()
    out.write_csv(buffer, include_header=False, null_value="")
    return buffer.getvalue()


def copy_rows(table: str, columns: Sequence[str], frame: pl.DataFrame) -> None:
    """Stream a frame's columns into a table with PostgreSQL COPY, in chunks."""
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)"
    frame = frame.select(columns)
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor  # psycopg 3 under Django's wrapper
        with raw.copy(statement) as copy:
            for start in range(0, frame.height, 200_000):
                copy.write(to_csv(frame.slice(start, 200_000)))


def worth_it(rows: int) -> bool:
    """Whether loading ``rows`` rows is faster without the indexes."""
    if connection.vendor != "postgresql" or rows < BULK_ROWS:
        return False
    with connection.cursor() as cursor:
        # The table and its monthly partitions (migration 0004).
        cursor.execute(
            "SELECT COALESCE(SUM(GREATEST(c.reltuples, 0)), 0) FROM pg_partition_tree(%s) t"
            " JOIN pg_class c ON c.oid = t.relid",
            [TABLE],
        )
        existing = float(cursor.fetchone()[0])  # type: ignore[index]
    return rows >= existing / 2


# The contact's own columns, in the order every bulk writer uses; a writer that
# links re-contacts itself adds ``LINK_COLUMNS``.
COPY_COLUMNS = (
    "channel",
    "service",
    "administration_id",
    "team_id",
    "citizen_key",
    "started_at",
    "duration_s",
    "outcome",
    "reason",
    "source",
    "source_ref",
)
LINK_COLUMNS = ("id", "earlier_contact_id", "recontact_status")
WRITE_COLUMNS = (*COPY_COLUMNS, *LINK_COLUMNS)


@contextmanager
def bulk_load(rows: int, *, bulk: bool | None = None) -> Iterator[None]:
    """Run the block with the table's secondary indexes and foreign keys
    dropped, and rebuild them after. Call inside ``transaction.atomic()``."""
    if not (worth_it(rows) if bulk is None else bulk and connection.vendor == "postgresql"):
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype = 'f'",
            [TABLE],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s"
            " AND indexname NOT IN"
            " (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [TABLE, TABLE],
        )
        indexes = cursor.fetchall()
        for name, _definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {TABLE} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute(f"ANALYZE {TABLE}")


def reserve_ids(count: int) -> int:
    """Reserve ``count`` primary keys; returns the first. Rows written with
    explicit ids can then point at each other (re-contact links) in one pass."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM contacts_contact")
        first = int(cursor.fetchone()[0]) + 1  # type: ignore[index]
        if connection.vendor != "postgresql":
            return first
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
        sequence = cursor.fetchone()[0]  # type: ignore[index]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = max(first, int(cursor.fetchone()[0]))  # type: ignore[index]
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count])
    return first
