#!/usr/bin/env python
"""Benchmark the contact register's bulk paths on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/contacts_bench \\
        .venv/bin/python bench/contacts/run.py [--rows 1000000] [--scale 1.0] [--skip-generate]

1. Writes a telephony export (CSV, ``;``-separated, Danish dates, mm:ss
   durations, queue names, CPR numbers of the synthetic population on about
   half the rows) with ``--rows`` rows, and times
   ``indgang contacts import FILE --mapping mapping.json`` into PostgreSQL.
   Goal: 1 M rows in < 60 s. Then imports the same file again (adds nothing).
2. Times ``indgang contacts generate --scale 1.0`` (13.06 M contacts, a year
   calibrated to Copenhagen) into the same database.

The database is migrated and gets the teams and the synthetic population
first; earlier benchmark rows are removed so runs are comparable.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

REPO = Path(__file__).resolve().parents[2]
INDGANG = str(REPO / ".venv" / "bin" / "indgang")
QUEUES = {
    "Lægeskift og sundhedskort": "laegeskift",
    "Pas og kørekort": "pas",
    "Flytning": "flytning",
    "Jobcenter": "jobcenter",
    "Kontanthjælp": "kontanthjaelp",
    "Folkepension": "folkepension",
    "Affald og storskrald": "affald",
    "Parkering": "beboerlicens",
    "Pladsanvisning": "vuggestue",
    "Hjemmepleje": "hjemmehjaelp",
    "Opkrævning": "opkraevning",
    "Byggesager": "byggeri",
}
OUTCOMES = ["Løst", "Løst", "Løst", "Viderestillet", "Opfølgning"]
MAPPING = {
    "columns": {
        "row_id": "OpkaldsID",
        "started_at": "Starttid",
        "duration_s": "Varighed",
        "service": "Kø",
        "cpr": "CPR",
        "outcome": "Udfald",
    },
    "values": {"service": QUEUES},
    "channel": "phone",
    "delimiter": ";",
    "date_format": "%d-%m-%Y %H:%M:%S",
    "source_name": "telefoni-bench",
}


def run(*args: str, env: dict[str, str]) -> tuple[float, str]:
    """Run a command; returns its wall time (start-up included) and its output."""
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    return seconds, "\n    ".join(lines)


def cprs(env: dict[str, str]) -> list[str]:
    code = (
        "import django; django.setup();"
        "from indgang.registers.models import Person;"
        "print('\\n'.join(Person.objects.values_list('cpr', flat=True)))"
    )
    out = subprocess.run(
        [str(REPO / ".venv" / "bin" / "python"), "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return sorted(out)


def telephony_export(path: Path, rows: int, population: list[str], seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2026-01-02T08:00:00")
    seconds = rng.integers(0, 300 * 86_400, rows)
    at = pl.Series((start + seconds.astype("timedelta64[s]")).astype("datetime64[ms]")).dt.strftime(
        "%d-%m-%Y %H:%M:%S"
    )
    duration = np.rint(rng.lognormal(np.log(300) - 0.18, 0.6, rows)).astype(int)
    queues = list(QUEUES)
    cpr_pool = np.array([f"{c[:6]}-{c[6:]}" for c in population] or ["0101901234"])
    has_cpr = rng.random(rows) < 0.55
    frame = pl.DataFrame(
        {
            "OpkaldsID": [f"C{n:09d}" for n in range(1, rows + 1)],
            "Starttid": at,
            "Varighed": [f"{d // 60:02d}:{d % 60:02d}" for d in duration.tolist()],
            "Kø": np.array(queues)[rng.integers(0, len(queues), rows)],
            "CPR": np.where(has_cpr, cpr_pool[rng.integers(0, len(cpr_pool), rows)], ""),
            "Udfald": np.array(OUTCOMES)[rng.integers(0, len(OUTCOMES), rows)],
        }
    )
    frame.write_csv(path, separator=";")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--skip-generate", action="store_true")
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/contacts_bench")
    env["DJANGO_SETTINGS_MODULE"] = "indgang.settings"
    if not env["DATABASE_URL"].startswith("postgres"):
        sys.exit("The benchmark measures PostgreSQL: set DATABASE_URL=postgres://...")
    print(f"database: {env['DATABASE_URL'].rsplit('/', 1)[-1]}, cores: {os.cpu_count()}")
    run(INDGANG, "migrate", "-v0", env=env)
    setup = (
        "import django; django.setup();"
        "from django.db import connection;"
        "from indgang.demo import services as d;"
        "from indgang.registers.models import Person;"
        "d.load_teams();"
        "Person.objects.exists() or d.load_population(1, 20000);"
        "c = connection.cursor();"
        "c.execute('TRUNCATE contacts_contact')"
    )
    subprocess.run([str(REPO / ".venv" / "bin" / "python"), "-c", setup], env=env, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "telefoni.csv"
        mapping = Path(tmp) / "mapping.json"
        mapping.write_text(json.dumps(MAPPING, ensure_ascii=False), encoding="utf-8")
        started = time.perf_counter()
        telephony_export(csv, args.rows, cprs(env))
        print(
            f"telephony export: {args.rows:,} rows, {csv.stat().st_size / 1e6:.0f} MB, "
            f"written in {time.perf_counter() - started:.1f} s"
        )
        command = (INDGANG, "contacts", "-v2", "import", str(csv), "--mapping", str(mapping))
        seconds, line = run(*command, env=env)
        print(
            f"import {args.rows:,} rows: {seconds:.1f} s wall incl. start-up "
            f"({args.rows / seconds:,.0f} rows/s) [goal < 60 s for 1 M]\n    {line}"
        )
        seconds, line = run(*command, env=env)
        print(f"same file again (idempotent): {seconds:.1f} s\n    {line}")
    if not args.skip_generate:
        scale = str(args.scale)
        command = (
            INDGANG,
            "contacts",
            "generate",
            "--scale",
            scale,
            "--year",
            "2025",
            "--seed",
            "1",
        )
        seconds, line = run(*command, env=env)
        print(f"generate --scale {args.scale:g} (year 2025): {seconds:.1f} s wall\n    {line}")
    load = os.getloadavg()
    print(f"load average at the end (1/5/15 min): {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
