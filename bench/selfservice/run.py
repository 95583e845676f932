#!/usr/bin/env python
"""Server time to render and save self-service steps under concurrent load, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/selfservice_bench \\
        .venv/bin/python bench/selfservice/run.py [--users 1,10,50] [--journeys 3]

The database named in DATABASE_URL is created if missing, migrated and loaded
with a synthetic population (``--persons``, 20 000 by default) and the built-in services.
Each virtual user logs in through the test IdP and completes lægeskift
``--journeys`` times: start, then every step rendered (GET) and saved (POST),
"Tjek dine svar", send. Users run as threads spread over as many processes as
the machine has cores (like a threaded server with one worker per core), each
with Django's in-process test client, so the time measured per request is the
server's time (Django, templates, registers, PostgreSQL) without a network.
Prints p50/p95 in milliseconds per kind of request and concurrency.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import re
import statistics
import sys
import threading
import time
from typing import Any

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/selfservice_bench"
ANSWERS = {"sygesikring": {"insurance": "keep"}, "gebyr": {"reason": "other"}}


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(persons: int) -> None:
    from django.core.management import call_command

    from indgang.registers import services as registers
    from indgang.registers.synthetic import generate
    from indgang.selfservice import services as selfservice

    call_command("migrate", "--no-input", verbosity=0)
    registers.load_population(generate(seed=1, persons=persons))
    selfservice.import_built_in_definitions()


def citizens(count: int) -> list[str]:
    """Adults in group 1 with a GP, in København or Frederiksberg."""
    from indgang.registers import models

    rows = models.Person.objects.filter(
        insurance_group=1,
        gp_clinic__isnull=False,
        birth_date__year__lt=2000,
        address__municipality_code__in=["0101", "0147"],
    ).order_by("cpr")
    return list(rows.values_list("cpr", flat=True)[:count])


def journey(client: Any, timings: list[tuple[str, float]]) -> None:
    def timed(kind: str, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
        started = time.perf_counter()
        response = getattr(client, method)(url, data or {})
        timings.append((kind, (time.perf_counter() - started) * 1000))
        return response

    url = timed("start", "post", "/selvbetjening/laegeskift/")["Location"]
    while "/tjek/" not in url:
        page = timed("render step", "get", url).content.decode()
        step = url.rstrip("/").rsplit("/", 1)[-1]
        data = dict(ANSWERS.get(step, {}))
        if step == "laege":
            data["clinic"] = re.search(r'name="clinic" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
        response = timed("save step", "post", url, data)
        assert response.status_code == 302, (step, response.status_code)
        url = response["Location"]
    timed("render step", "get", url)
    response = timed("send form", "post", url)
    assert "/kvittering/" in response["Location"]


def run_process(cprs: list[str], journeys: int, results: Any) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    timings: list[tuple[str, float]] = []
    lock = threading.Lock()

    def user(cpr: str) -> None:
        client = Client()
        client.post("/log-ind/test/", {"cpr": cpr, "next": "/"})
        mine: list[tuple[str, float]] = []
        for _ in range(journeys):
            journey(client, mine)
        with lock:
            timings.extend(mine)
        connection.close()

    threads = [threading.Thread(target=user, args=(cpr,)) for cpr in cprs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(timings)


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    index = min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))
    return values[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="1,10,50")
    parser.add_argument("--journeys", type=int, default=3)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--skip-load", action="store_true", help="reuse a loaded database")
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    if not url.startswith("postgres"):
        sys.exit("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "indgang.settings",
            "TEST_IDP_ENABLED": "true",
            "ALLOWED_HOSTS": "testserver",
            "LOG_LEVEL": "ERROR",
        }
    )
    if not args.skip_load:
        ensure_database(url)
    import django

    django.setup()
    if not args.skip_load:
        prepare(args.persons)
    levels = [int(n) for n in args.users.split(",")]
    pool = citizens(max(levels))
    from django.db import connection

    connection.close()
    cores = os.cpu_count() or 1
    print(f"lægeskift, {args.journeys} journeys per user, {cores} cores, {url.rsplit('/', 1)[1]}")
    print(f"{'users':>5}  {'request':<12} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}  wall s")
    ctx = mp.get_context("fork")
    for users in levels:
        cprs = pool[:users]
        groups = [cprs[i::cores] for i in range(min(cores, users))]
        results = ctx.Queue()
        started = time.perf_counter()
        procs = [ctx.Process(target=run_process, args=(g, args.journeys, results)) for g in groups]
        for proc in procs:
            proc.start()
        timings = [t for _ in procs for t in results.get()]
        for proc in procs:
            proc.join()
        wall = time.perf_counter() - started
        for kind in ("render step", "save step", "send form"):
            values = [ms for k, ms in timings if k == kind]
            p50, p95 = statistics.median(values), percentile(values, 95)
            print(f"{users:>5}  {kind:<12} {len(values):>5} {p50:>8.1f} {p95:>8.1f}  {wall:6.1f}")


if __name__ == "__main__":
    main()
