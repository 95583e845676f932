#!/usr/bin/env python
"""Benchmark the channel-insight dashboards on a full year of contacts.

    .venv/bin/python bench/insights/run.py [--scale 1.0] [--repeat 20] [--skip-generate]

Uses PostgreSQL database ``insights_bench`` (created if missing; override with
DATABASE_URL). Steps:

1. Migrates it and loads the reference data (teams, the service catalogue).
2. Loads a year (2026) of synthetic contacts calibrated to Copenhagen with the
   contact register's own generator, ``indgang contacts generate --scale 1.0``
   (13.07 M contacts), unless ``--skip-generate`` and the year is there.
3. Times ``indgang.insights.rollup.rebuild`` (contact and reason figures) for
   the whole year (the nightly job) and for the last two days (the
   five-minute job).
4. Times every metric for the year against a baseline (the first quarter),
   municipality-wide, per service and per administration, and every dashboard
   page as the analyst gets it (view, template, all its metrics), each
   ``--repeat`` times, and prints p50 / p95 / max. Goal: p95 < 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
INDGANG = str(REPO / ".venv" / "bin" / "indgang")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/insights_bench"
YEAR = 2026
SERVICES = ["laegeskift", "pas", "folkepension"]
ADMINISTRATIONS = ["kff", "sof", "tmf"]


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def run(*args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(args, env=os.environ.copy(), text=True, check=False)
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed with exit code {done.returncode}")
    return time.perf_counter() - started


def timed(function: Callable[[], Any], repeat: int) -> list[float]:
    function()  # warm-up: plans and caches, as on a server that has been running
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def analyst_client(username: str) -> Any:
    """A test client logged in as a (new) analyst of okf, who sees every
    administration's figures."""
    from django.contrib.auth.models import User
    from django.test import Client

    from indgang.identity import services as identity

    User.objects.filter(username=username).delete()
    analyst = identity.create_staff_member(
        username=username,
        password="bench-analyst-password-1",  # noqa: S106
        first_name="Bench",
        last_name="Analyst",
        administration_code="okf",
        roles=["analyst"],
        team_slug=None,
    )
    client = Client()
    client.force_login(analyst)
    return client


FAILURE_METRICS = (
    "failure_demand",
    "failure_demand_minutes",
    "failure_demand_cost",
    "contacts_per_100_submissions",
)


def failure_demand(repeat: int) -> list[tuple[str, list[float]]]:
    """Load the lægeskift failure-demand year (60,000 attempts, their funnel
    events and the linked calls) beside the 13 M contacts, then time the
    failure-demand metrics and the ranked page, cold (caches emptied)."""
    from django.db import connection

    from indgang.contacts.models import AttemptLink
    from indgang.demo.failure_demand import load_failure_demand
    from indgang.insights.metrics import METRICS, Filters, Period, clear_cache
    from indgang.selfservice.models import FunnelEvent

    started = time.perf_counter()
    linked = load_failure_demand(scale=1.0, seed=1, today=date(YEAR, 12, 31))
    if linked:
        print(
            f"Failure demand: {linked:,} linked contacts loaded "
            f"in {time.perf_counter() - started:.0f} s"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE contacts_attemptlink")
        cursor.execute("ANALYZE selfservice_funnelevent")
    print(
        f"Failure demand data: {AttemptLink.objects.count():,} linked contacts, "
        f"{FunnelEvent.objects.count():,} funnel events"
    )
    year = Period(date(YEAR, 1, 1), date(YEAR, 12, 31))
    half = Period(date(YEAR, 7, 1), date(YEAR, 12, 31))
    results = []
    for metric_id in FAILURE_METRICS:
        for name, filters in (
            ("municipality", Filters()),
            ("laegeskift", Filters(service="laegeskift")),
        ):

            def both(metric_id: str = metric_id, filters: Filters = filters) -> None:
                clear_cache()
                METRICS[metric_id](half, filters)
                METRICS[metric_id](year, filters)

            results.append((f"{metric_id} / {name}", timed(both, repeat)))
    client = analyst_client("bench_analyst_failure")

    def page() -> None:
        clear_cache()
        response = client.get(
            "/medarbejder/indsigt/fejlbehov/",
            {"current_start": f"{YEAR}-01-01", "current_end": f"{YEAR}-12-31"},
        )
        assert response.status_code == 200, response.status_code

    results.append(("failure-demand page (year)", timed(page, max(5, repeat // 2))))
    return results


def report_failure(results: list[tuple[str, list[float]]]) -> None:
    print()
    print("Failure-demand queries on the full year, cold (seconds)")
    print(f"{'query':<52} {'p50':>7} {'p95':>7} {'max':>7}")
    for name, times in results:
        print(
            f"{name:<52} {statistics.median(times):>7.3f} {p(times, 0.95):>7.3f} {max(times):>7.3f}"
        )
    worst = max(p(times, 0.95) for _n, times in results)
    print(
        f"Failure demand goal p95 < 1 s: {'met' if worst < 1 else 'NOT met'} "
        f"(worst p95 {worst:.3f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument(
        "--only-failure-demand",
        action="store_true",
        help="Time only the failure-demand metrics and page (skips the rollup rebuild).",
    )
    options = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("This benchmark needs PostgreSQL (DATABASE_URL=postgres://…).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")
    os.environ.setdefault("TEST_IDP_ENABLED", "true")
    sys.path.insert(0, str(REPO / "src"))
    ensure_database(url)
    run(INDGANG, "migrate", "--verbosity", "0")

    import django

    django.setup()
    from django.db import connection

    from indgang.catalogue.demo import load_catalogue
    from indgang.contacts.models import Contact
    from indgang.demo.services import load_teams
    from indgang.insights import rollup
    from indgang.insights.metrics import METRICS, Filters, Period, clear_cache
    from indgang.insights.models import ContactMonthly, ReasonDaily, ReasonMonthly

    load_teams()
    load_catalogue()

    print(f"Database: {url}")
    if options.skip_generate and Contact.objects.filter(started_at__year=YEAR).exists():
        print("Contacts: kept from an earlier run (--skip-generate).")
    else:
        print(f"Generating a year: indgang contacts generate --scale {options.scale} …")
        seconds = run(
            INDGANG, "contacts", "generate", "--scale", str(options.scale),
            "--year", str(YEAR), "--seed", "1",
        )  # fmt: skip
        print(f"  generated (including its own rollup) in {seconds:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE contacts_contact")
        cursor.execute("SELECT count(*) FROM contacts_contact")
        contacts = cursor.fetchone()[0]  # type: ignore[index]
    print(f"Contacts in the register: {contacts:,}")

    failure_results = failure_demand(options.repeat)
    if options.only_failure_demand:
        report_failure(failure_results)
        return

    started = time.perf_counter()
    rows = rollup.rebuild(date(YEAR, 1, 1), date(YEAR, 12, 31))
    full_rebuild = time.perf_counter() - started
    started = time.perf_counter()
    rollup.rebuild(date(YEAR, 12, 30), date(YEAR, 12, 31))
    recent_rebuild = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE insights_contactdaily")
        cursor.execute("ANALYZE insights_reasondaily")
    print(
        f"Rollup: {rows:,} daily rows for the year, {ContactMonthly.objects.count():,} monthly rows"
    )
    print(
        f"  reasons: {ReasonDaily.objects.count():,} daily rows, "
        f"{ReasonMonthly.objects.count():,} monthly rows"
    )
    print(f"  rebuild of the whole year: {full_rebuild:.1f} s")
    print(f"  rebuild of the last two days: {recent_rebuild:.2f} s")

    baseline = Period(date(YEAR, 1, 1), date(YEAR, 3, 31))
    current = Period(date(YEAR, 1, 1), date(YEAR, 12, 31))
    scopes: list[tuple[str, Filters]] = [("municipality", Filters())]
    scopes += [(f"service {s}", Filters(service=s)) for s in SERVICES]
    scopes += [(f"administration {a}", Filters(administration=a)) for a in ADMINISTRATIONS]
    scopes += [("phone only", Filters(channel="phone"))]

    results: list[tuple[str, str, list[float]]] = []
    for metric in METRICS.values():
        for scope, filters in scopes:

            def both(metric: Any = metric, filters: Filters = filters) -> None:
                # Cold: the figures cache (kept until the next rebuild) is emptied.
                clear_cache()
                metric(baseline, filters)
                metric(current, filters)

            results.append((metric.id, scope, timed(both, options.repeat)))

    client = analyst_client("bench_analyst")
    query = {
        "baseline_start": baseline.start.isoformat(),
        "baseline_end": baseline.end.isoformat(),
        "current_start": current.start.isoformat(),
        "current_end": current.end.isoformat(),
    }
    pages = [("overview page", "/medarbejder/indsigt/")]
    pages += [(f"service page {s}", f"/medarbejder/indsigt/tjenester/{s}/") for s in SERVICES]
    pages += [
        (f"administration page {a}", f"/medarbejder/indsigt/forvaltninger/{a}/")
        for a in ADMINISTRATIONS
    ]
    pages += [("CSV export laegeskift", "/medarbejder/indsigt/tjenester/laegeskift/?format=csv")]
    page_results = []
    for name, path in pages:

        def fetch(path: str = path) -> None:
            clear_cache()
            response = client.get(path, query)
            assert response.status_code == 200, (path, response.status_code)

        page_results.append((name, timed(fetch, max(5, options.repeat // 2))))

    print()
    print(f"Metric queries: {YEAR} against Q1 {YEAR}, {options.repeat} repetitions each (seconds)")
    print(f"{'metric':<26} {'scope':<24} {'p50':>7} {'p95':>7} {'max':>7}")
    for metric_id, scope, times in results:
        print(
            f"{metric_id:<26} {scope:<24} {statistics.median(times):>7.3f} "
            f"{p(times, 0.95):>7.3f} {max(times):>7.3f}"
        )
    every = [t for _m, _s, times in results for t in times]
    print(f"{'all metric queries':<51} {statistics.median(every):>7.3f} {p(every, 0.95):>7.3f}")
    print()
    print("Dashboard pages as the analyst gets them (all metrics, template; seconds)")
    print(f"{'page':<40} {'p50':>7} {'p95':>7} {'max':>7}")
    for name, times in page_results:
        median, p95 = statistics.median(times), p(times, 0.95)
        print(f"{name:<40} {median:>7.3f} {p95:>7.3f} {max(times):>7.3f}")
    report_failure(failure_results)
    worst = max(p(times, 0.95) for _n, times in page_results)
    worst_metric = max(p(times, 0.95) for _m, _s, times in results)
    verdict = "met" if max(worst, worst_metric) < 1 else "NOT met"
    print()
    print(
        f"Goal p95 < 1 s: {verdict} (worst metric p95 {worst_metric:.3f} s, "
        f"worst page p95 {worst:.3f} s)"
    )


if __name__ == "__main__":
    main()
