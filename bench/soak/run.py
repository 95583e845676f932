#!/usr/bin/env python
"""Soak: does the embedded default hold while citizens write and the worker works?

    .venv/bin/python bench/soak/run.py [--busy] [--citizens 16] [--forms 5]
    .venv/bin/python bench/soak/run.py --database-url postgres://postgres@127.0.0.1:5432/soak \\
        --workers 2

Starts what ``make demo`` runs (``indgang supervise``: web server, worker(s),
scheduler) on a fresh copy of a demo database (SQLite in a temporary
directory by default; the SQLite template is built once with ``indgang
migrate`` and ``indgang demo load`` and kept in var/soak/). Then ``--citizens``
synthetic citizens log in through the test IdP and, all at once, each sends
``--forms`` contact forms at the same moment and completes one self-service
application (lægeskift). It waits for the task queue to drain and prints:
POST p50/p95/max, forms and submissions stored against expected, tasks still
queued after ``--drain-seconds``, worker restarts, and "database is locked"
lines in the processes' logs. ``--busy`` keeps every core busy with another
process meanwhile. Goal: everything stored, max POST < 2 s, 0 queued, 0 locked.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests

REPO = Path(__file__).resolve().parents[2]
INDGANG = [sys.executable, "-m", "indgang.manage"]
ANSWERS = {"sygesikring": {"insurance": "keep"}, "gebyr": {"reason": "other"}}
# Questions that no self-service offer catches (an offer would answer the POST
# with a page instead of storing the message).
TEXTS = [
    "Min nabo har bygget et skur helt ud til skel. Hvem skal jeg tale med om det?",
    "Jeg vil gerne høre, hvornår der bliver ryddet sne på min vej i vinter.",
    "Der er larm fra en byggeplads om natten i vores gade. Må de det?",
    "Hvornår åbner svømmehallen igen efter renoveringen?",
    "Der ligger en død måge på fortovet ved vores opgang.",
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


def run_indgang(env: dict[str, str], *args: str) -> None:
    subprocess.run([*INDGANG, *args], env=env, check=True, stdout=subprocess.DEVNULL)


def sqlite_template(env: dict[str, str]) -> Path:
    """A migrated demo database, built once per set of migrations."""
    migrations = sorted(
        str(p.relative_to(REPO)) for p in REPO.glob("src/indgang/*/migrations/*.py")
    )
    key = hashlib.sha256("\n".join(migrations).encode()).hexdigest()[:12]
    template = REPO / "var" / "soak" / f"template-{key}.sqlite3"
    if not template.exists():
        template.parent.mkdir(parents=True, exist_ok=True)
        building = template.with_suffix(".building")
        for leftover in template.parent.glob(building.name + "*"):
            leftover.unlink()
        print(f"building the demo database once ({template.name}, a few minutes) …", flush=True)
        build_env = {**env, "DATABASE_URL": f"sqlite:///{building}"}
        run_indgang(build_env, "migrate", "--no-input", "-v0")
        run_indgang(build_env, "demo", "load")
        copy_sqlite(building, template)
        for leftover in template.parent.glob(building.name + "*"):
            leftover.unlink()
    return template


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def copy_sqlite(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")
    import django

    django.setup()


def citizens(count: int) -> list[str]:
    """Adults with a GP in København or Frederiksberg (they can change GP)."""
    from django.db import connection

    from indgang.registers import models

    rows = models.Person.objects.filter(
        insurance_group=1,
        gp_clinic__isnull=False,
        birth_date__year__lt=2000,
        address__municipality_code__in=["0101", "0147"],
    ).order_by("cpr")
    found = list(rows.values_list("cpr", flat=True)[:count])
    connection.close()
    return found


def counts() -> dict[str, int]:
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from indgang.cases.models import Case
    from indgang.messaging.models import Message
    from indgang.selfservice.models import Submission

    result = {
        "undelivered": Message.objects.filter(
            direction="to_citizen", delivery_status__in=["created", "sending", "failed"]
        ).count(),
        "cases": Case.objects.filter(channel="contact_form").count(),
        "submissions": Submission.objects.count(),
        "queued": DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count(),
        "failed": DBTaskResult.objects.filter(status="FAILED").count(),
        # A message is delivered once: no two delivery tasks both delivered it.
        "delivered_twice": _delivered_twice(),
    }
    connection.close()
    return result


def _delivered_twice() -> int:
    from collections import Counter

    from django_tasks_db.models import DBTaskResult

    delivered = Counter(
        args["args"][0]
        for args in DBTaskResult.objects.filter(
            task_path="indgang.messaging.tasks.deliver_message", return_value="delivered"
        ).values_list("args_kwargs", flat=True)
    )
    return sum(1 for count in delivered.values() if count > 1)


class Citizen:
    def __init__(self, base: str, cpr: str) -> None:
        self.base = base
        self.cpr = cpr
        self.cookies = requests.cookies.RequestsCookieJar()
        self.errors: list[str] = []
        self._lock = threading.Lock()

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        # A new connection per request, like a browser's parallel tabs: the
        # development server closes kept-alive connections under it.
        with self._lock:
            cookies = self.cookies.copy()
        headers = {"X-CSRFToken": cookies.get("csrftoken", "")} if method == "POST" else {}
        response = requests.request(
            method,
            path if path.startswith("http") else self.base + path,
            cookies=cookies,
            headers=headers,
            allow_redirects=False,
            timeout=120,
            **kwargs,
        )
        with self._lock:
            self.cookies.update(response.cookies)
        return response

    def get(self, path: str) -> requests.Response:
        return self._request("GET", path)

    def post(self, path: str, data: dict[str, Any]) -> tuple[requests.Response, float]:
        started = time.perf_counter()
        response = self._request("POST", path, data=data)
        return response, time.perf_counter() - started

    def log_in(self) -> None:
        self.get("/log-ind/test/")
        response, _ = self.post("/log-ind/test/", {"cpr": self.cpr, "next": "/"})
        if response.status_code != 302:
            raise RuntimeError(f"test login failed for a citizen: HTTP {response.status_code}")
        self.get("/kontakt/skriv/")  # a CSRF cookie for the forms

    def contact(self, number: int, timings: list[float]) -> None:
        try:
            self._contact(number, timings)
        except requests.RequestException as error:
            self.errors.append(f"contact form: {type(error).__name__}: {str(error)[:80]}")

    def _contact(self, number: int, timings: list[float]) -> None:
        text = f"{TEXTS[number % len(TEXTS)]} (besked {number + 1})"
        response, seconds = self.post(
            "/kontakt/skriv/", {"subject": f"Spørgsmål {number + 1}", "text": text, "topic": ""}
        )
        timings.append(seconds)
        if response.status_code != 302 or "/sendt/" not in response.headers.get("Location", ""):
            self.errors.append(f"contact form: HTTP {response.status_code}")

    def selfservice(self, timings: list[float]) -> None:
        try:
            self._selfservice(timings)
        except requests.RequestException as error:
            self.errors.append(f"self-service: {type(error).__name__}")

    def _selfservice(self, timings: list[float]) -> None:
        response, seconds = self.post("/selvbetjening/laegeskift/", {})
        timings.append(seconds)
        url = response.headers.get("Location", "")
        while url and "/tjek/" not in url:
            page = self.get(url).text
            step = url.rstrip("/").rsplit("/", 1)[-1]
            data = dict(ANSWERS.get(step, {}))
            if step == "laege":
                match = re.search(r'name="clinic" value="(\d+)"', page)
                data["clinic"] = match.group(1) if match else ""
            response, seconds = self.post(url, data)
            timings.append(seconds)
            if response.status_code != 302:
                self.errors.append(f"self-service step {step}: HTTP {response.status_code}")
                return
            url = response.headers["Location"]
        if not url:
            self.errors.append(f"self-service start: HTTP {response.status_code}")
            return
        self.get(url)
        response, seconds = self.post(url, {})
        timings.append(seconds)
        if "/kvittering/" not in response.headers.get("Location", ""):
            self.errors.append(f"self-service send: HTTP {response.status_code}")


def kill_a_worker(log: Path) -> None:
    """SIGKILL the newest worker the supervisor started (our own child's child)."""
    started = re.findall(r"^started worker-\d+ \(pid (\d+)\)", log.read_text(), re.MULTILINE)
    if started:
        try:
            os.kill(int(started[-1]), signal.SIGKILL)
            print(f"killed worker pid {started[-1]}", flush=True)
        except ProcessLookupError:
            pass


def wait_for_server(base: str, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/", timeout=5).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    sys.exit(f"the web server did not start; see {log}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", type=int, default=16)
    parser.add_argument("--forms", type=int, default=5, help="contact forms per citizen")
    parser.add_argument("--busy", action="store_true", help="keep every core busy meanwhile")
    parser.add_argument("--database-url", default="", help="PostgreSQL (default: SQLite)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--web", type=int, default=1, help="web processes (supervise --web)")
    parser.add_argument("--port", type=int, default=int(os.getenv("SOAK_PORT", "8011")))
    parser.add_argument("--drain-seconds", type=float, default=90)
    parser.add_argument(
        "--kill-worker",
        type=int,
        default=0,
        metavar="N",
        help="kill a worker (SIGKILL) N times during the load; the supervisor restarts it",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="indgang-soak-"))
    env = {
        **os.environ,
        "TEST_IDP_ENABLED": "true",
        "DEMO_CONTACTS_SCALE": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    # Processes start the way they do on a user's machine: with cached bytecode.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.database_url:
        url = args.database_url
        env["DATABASE_URL"] = url
        ensure_database(url)
        print("preparing the database (migrate, demo load) …", flush=True)
        run_indgang(env, "migrate", "--no-input", "-v0")
        run_indgang(env, "demo", "load")
        label = f"PostgreSQL, {args.workers} worker(s)"
    else:
        template = sqlite_template(env)
        database = workdir / "indgang.sqlite3"
        copy_sqlite(template, database)
        url = f"sqlite:///{database}"
        env["DATABASE_URL"] = url
        label = f"SQLite, {args.workers} worker(s)"
    django_setup(url)
    from django.conf import settings

    if args.database_url and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        sys.exit("--database-url is for PostgreSQL")
    load = os.getloadavg()
    people = citizens(args.citizens)
    before = counts()

    log = workdir / "processes.log"
    base = f"http://127.0.0.1:{args.port}"
    with log.open("wb") as log_file:
        supervisor = subprocess.Popen(
            [
                *INDGANG,
                "supervise",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                str(args.workers),
                "--web",
                str(args.web),
            ],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    burners: list[subprocess.Popen[bytes]] = []
    try:
        wait_for_server(base, log)
        if args.busy:
            burners = [
                subprocess.Popen([sys.executable, "-c", "while True: pass"])
                for _ in range(os.cpu_count() or 2)
            ]
        crowd = [Citizen(base, cpr) for cpr in people]
        for citizen in crowd:
            citizen.log_in()

        contact_times: list[float] = []
        selfservice_times: list[float] = []
        lock = threading.Lock()

        def act(citizen: Citizen) -> None:
            mine: list[float] = []
            forms = [
                threading.Thread(target=citizen.contact, args=(n, mine)) for n in range(args.forms)
            ]
            for thread in forms:
                thread.start()
            steps: list[float] = []
            citizen.selfservice(steps)
            for thread in forms:
                thread.join()
            with lock:
                contact_times.extend(mine)
                selfservice_times.extend(steps)

        started = time.perf_counter()
        threads = [threading.Thread(target=act, args=(c,)) for c in crowd]
        for thread in threads:
            thread.start()
        for _ in range(args.kill_worker):
            time.sleep(2)
            kill_a_worker(log)
        for thread in threads:
            thread.join()
        load_seconds = time.perf_counter() - started

        deadline = time.monotonic() + args.drain_seconds
        drained_after = None
        while time.monotonic() < deadline:
            if counts()["queued"] == 0:
                drained_after = time.perf_counter() - started - load_seconds
                break
            time.sleep(1)
        after = counts()
    finally:
        for burner in burners:
            burner.kill()
        supervisor.terminate()
        try:
            supervisor.wait(timeout=20)
        except subprocess.TimeoutExpired:
            supervisor.kill()

    text = log.read_text(errors="replace")
    locked = sum(1 for line in text.splitlines() if "database is locked" in line)
    restarts = len(re.findall(r"^worker-\d+ \(pid \d+\) exited", text, re.MULTILINE))
    server_errors = len(re.findall(r'" 5\d\d \d', text))
    errors = [e for c in crowd for e in c.errors]
    expected_forms = args.citizens * args.forms
    all_posts = contact_times + selfservice_times

    print(
        f"soak: {label}, {len(crowd)} citizens × {args.forms} contact forms + 1 self-service "
        f"application{', every core busy' if args.busy else ''}"
    )
    print(f"  machine: {os.cpu_count()} cores, load average {load[0]:.1f} before the run")
    print(
        f"  contact-form POST   p50 {statistics.median(contact_times):.2f} s  "
        f"p95 {percentile(contact_times, 95):.2f} s  max {max(contact_times):.2f} s"
    )
    print(
        f"  self-service POSTs  p50 {statistics.median(selfservice_times):.2f} s  "
        f"p95 {percentile(selfservice_times, 95):.2f} s  max {max(selfservice_times):.2f} s"
    )
    print(
        f"  all POSTs (n={len(all_posts)}) max {max(all_posts):.2f} s; load took "
        f"{load_seconds:.1f} s"
    )
    print(
        f"  contact forms stored {after['cases'] - before['cases']}/{expected_forms}, "
        f"self-service submissions {after['submissions'] - before['submissions']}/"
        f"{len(crowd)}"
    )
    drained = (
        f"drained {drained_after:.1f} s after the load"
        if drained_after is not None
        else ("not drained")
    )
    print(
        f"  tasks still queued after {args.drain_seconds:.0f} s: {after['queued']} ({drained}); "
        f"failed tasks: {after['failed'] - before['failed']}"
    )
    print(
        f"  messages not delivered: {after['undelivered']}; delivered twice: "
        f"{after['delivered_twice']}"
    )
    print(
        f"  worker restarts: {restarts}; 'database is locked' lines: {locked}; "
        f"HTTP 5xx: {server_errors}; citizen-side errors: {len(errors)}"
    )
    for error in sorted(set(errors)):
        print(f"    {errors.count(error)} × {error}")
    print(f"  logs: {log}")
    if not args.database_url:
        for path in workdir.glob("indgang.sqlite3*"):
            path.unlink()


if __name__ == "__main__":
    main()
