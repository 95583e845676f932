#!/usr/bin/env python
"""How the analysts' queries grow with the contact register (PostgreSQL).

    .venv/bin/python bench/insights/growth.py [--scale 0.05] [--repeat 15]

"N×" is N years of contacts at Copenhagen's rate (13.07 M a year) times
``--scale``: 1× holds 2026, 2× adds 2025, 4× adds 2024 and 2023. A national
register grows the same way, a year at a time, and the register is
partitioned by month (contacts migration 0004), so a query about one period
should cost the same whatever the history holds. At each size the script
times, ``--repeat`` times each, p50 and p95 of:

- the five-minute rollup job (``rollup.rebuild`` of the last two days), the
  register scan behind every dashboard (each generated year rebuilds its own
  daily figures);
- a month's contacts by channel straight from the register;
- one citizen's contacts in the last 14 days (the re-contact lookup);
- every insights metric for the year, municipality-wide, cold cache;
- the analyst's overview page (view, metrics, template).

Uses database ``insights_growth_bench`` (dropped and created; override with
DATABASE_URL). Prints the p95 at each size and its ratio to 1×.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from run import analyst_client, p, run, timed  # bench/insights/run.py

REPO = Path(__file__).resolve().parents[2]
INDGANG = str(REPO / ".venv" / "bin" / "indgang")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/insights_growth_bench"
YEARS = (2026, 2025, 2024, 2023)
MULTIPLES = (1, 2, 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--repeat", type=int, default=15)
    options = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("This benchmark needs PostgreSQL (DATABASE_URL=postgres://…).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")
    os.environ.setdefault("TEST_IDP_ENABLED", "true")
    sys.path.insert(0, str(REPO / "src"))
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    run(INDGANG, "migrate", "--verbosity", "0")

    import django

    django.setup()
    from django.db import connection

    from indgang.catalogue.demo import load_catalogue
    from indgang.contacts import partitions
    from indgang.demo.services import load_teams
    from indgang.insights import rollup
    from indgang.insights.metrics import METRICS, Filters, Period, clear_cache

    load_teams()
    load_catalogue()
    client = analyst_client("bench_analyst")
    year = YEARS[0]
    current = Period(date(year, 1, 1), date(year, 12, 31))
    baseline = Period(date(year, 1, 1), date(year, 3, 31))
    december = (datetime(year, 12, 1).astimezone(), datetime(year + 1, 1, 1).astimezone())

    def rollup_job() -> None:
        rollup.rebuild(date(year, 12, 30), date(year, 12, 31))

    def month_by_channel() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT channel, count(*) FROM contacts_contact"
                " WHERE started_at >= %s AND started_at < %s GROUP BY channel",
                list(december),
            )
            cursor.fetchall()

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    keys: list[str] = []

    def one_citizen() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, service, started_at FROM contacts_contact WHERE citizen_key = %s"
                " AND started_at >= %s AND started_at < %s",
                [keys[len(keys) // 2], december[1] - timedelta(days=14), december[1]],
            )
            cursor.fetchall()

    def metrics() -> None:
        clear_cache()
        for metric in METRICS.values():
            metric(baseline, Filters())
            metric(current, Filters())

    def overview() -> None:
        clear_cache()
        response = client.get("/medarbejder/indsigt/")
        assert response.status_code == 200, response.status_code

    queries: list[tuple[str, Callable[[], None]]] = [
        ("rollup of the last two days", rollup_job),
        ("a month by channel (register)", month_by_channel),
        ("one citizen's last 14 days", one_citizen),
        ("every metric, the year vs Q1", metrics),
        ("analyst overview page", overview),
    ]
    print(f"Database: {url}; scale {options.scale} of Copenhagen's 13.07 M contacts a year")
    print("The machine is shared and loaded: compare the sizes with each other, not with")
    print("another run.")
    table: dict[int, dict[str, tuple[float, float]]] = {}
    rows_at: dict[int, int] = {}
    loaded = 0
    cpu_started = time.process_time()
    for multiple in MULTIPLES:
        for extra in YEARS[loaded:multiple]:
            seconds = run(
                INDGANG, "contacts", "generate", "--scale", str(options.scale),
                "--year", str(extra), "--seed", str(extra), "--keep",
            )  # fmt: skip
            print(f"  generated {extra} in {seconds:.0f} s")
        loaded = multiple
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE contacts_contact")
            cursor.execute("SELECT count(*) FROM contacts_contact")
            rows_at[multiple] = int(cursor.fetchone()[0])  # type: ignore[index]
            cursor.execute(
                "SELECT citizen_key FROM contacts_contact WHERE started_at >= %s"
                " AND citizen_key <> '' LIMIT 101",
                [december[0]],
            )
            keys[:] = [row[0] for row in cursor.fetchall()]
        table[multiple] = {}
        for label, function in queries:
            times = timed(function, options.repeat)
            table[multiple][label] = (statistics.median(times), p(times, 0.95))
        months = sum(1 for n in partitions.rows_by_partition() if n != "contacts_contact_default")
        print(f"{multiple}×: {rows_at[multiple]:,} contacts, {months} monthly partitions")
        for label, (median, p95) in table[multiple].items():
            print(f"  {label:<32} p50 {median * 1000:>8.1f} ms  p95 {p95 * 1000:>8.1f} ms")

    print()
    print("p95 in ms at each size (p50 in brackets); growth = p95 ÷ p95 at 1×")
    header = f"{'query':<32}" + "".join(f"{f'{m}×':>18}" for m in MULTIPLES)
    print(header + f"{'growth 4×':>11}")
    for label, _function in queries:
        cells = "".join(
            f"{table[m][label][1] * 1000:>9.1f} ({table[m][label][0] * 1000:>5.1f})"
            for m in MULTIPLES
        )
        growth = table[4][label][1] / table[1][label][1]
        print(f"{label:<32}{cells}{growth:>10.2f}×")
    print(f"{'contacts':<32}" + "".join(f"{rows_at[m]:>18,}" for m in MULTIPLES))
    print(f"CPU time of this process: {time.process_time() - cpu_started:.0f} s")


if __name__ == "__main__":
    main()
