#!/usr/bin/env python
"""Pages under the production server, against what Django itself costs.

    .venv/bin/python bench/web/run.py                  # SQLite demo data
    .venv/bin/python bench/web/run.py --db postgres    # DATABASE_URL, or indgang_bench_web
    .venv/bin/python bench/web/run.py --users 10 --pages search,step --seconds 5

Starts Indgang under gunicorn with deploy/gunicorn.conf.py (2 workers, DEBUG
off) and, the same way, a bare 10-line Django view (bench/web/bare.py). For
each page and each number of concurrent users (1, 10, 50) a load generator
(threads, http.client, one kept-alive connection per user) runs the bare view,
the page, the bare view and the page again for ``--seconds`` each, so both
meet the same machine load. It prints p50, p95 and requests per second of
the page, and the page's p95 and p50 divided by the bare view's in the same
run. Goals (docs/operations.md, "Web server"): anonymous pages ≤ 3× and
logged-in pages ≤ 6× at 10 and 50 users; the analyst overview ≤ 20×.

The SQLite demo database is built once (``indgang migrate``, ``indgang demo
load``) and kept in var/bench-web/; PostgreSQL is loaded when it has no demo
data yet. Static files are collected into var/static (DEBUG off serves the
hashed, compressed files).
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
INDGANG = [sys.executable, "-m", "indgang.manage"]
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", str(REPO / "deploy" / "gunicorn.conf.py")]
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/indgang_bench_web"
LEVELS = (1, 10, 50)
# Goals: the ratio of the page's p95 to the bare view's at 10 and 50 users.
GOALS = {"anonymous": 3.0, "logged-in": 6.0, "analyst": 20.0}


@dataclass
class Page:
    key: str
    label: str
    kind: str  # anonymous, logged-in, analyst
    path: str = ""
    cookie: str = ""


@dataclass
class Sample:
    times: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def add(self, other: Sample) -> None:
        self.times.extend(other.times)
        self.errors += other.errors
        self.seconds += other.seconds

    def p(self, q: float) -> float:
        if not self.times:
            return float("nan")
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]

    @property
    def rps(self) -> float:
        return len(self.times) / self.seconds if self.seconds else 0.0


# --- the databases ------------------------------------------------------------------


def run_indgang(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([*INDGANG, *args], env=env, check=True, capture_output=True, text=True)
    return done.stdout


def sqlite_database(env: dict[str, str]) -> Path:
    """A copy of the demo database, built once per set of migrations and demo scale."""
    migrations = sorted(
        str(p.relative_to(REPO)) for p in REPO.glob("src/indgang/*/migrations/*.py")
    )
    scale = env.get("DEMO_CONTACTS_SCALE", "")
    key = hashlib.sha256("\n".join([*migrations, scale]).encode()).hexdigest()[:12]
    template = REPO / "var" / "bench-web" / f"demo-{key}.sqlite3"
    if not template.exists():
        template.parent.mkdir(parents=True, exist_ok=True)
        building = template.with_suffix(".building")
        for leftover in template.parent.glob(building.name + "*"):
            leftover.unlink()
        print(f"building the demo database once ({template.name}, minutes) …", flush=True)
        build_env = {**env, "DATABASE_URL": f"sqlite:///{building}", "DEBUG": "true"}
        run_indgang(build_env, "migrate", "--no-input", "-v0")
        run_indgang(build_env, "demo", "load")
        with sqlite3.connect(building) as src, sqlite3.connect(template) as dst:
            src.backup(dst)
        for leftover in template.parent.glob(building.name + "*"):
            leftover.unlink()
    copy = Path(tempfile.mkdtemp(prefix="indgang-bench-web-")) / "indgang.sqlite3"
    with sqlite3.connect(template) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    return copy


def postgres_database(url: str, env: dict[str, str]) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    build_env = {**env, "DATABASE_URL": url, "DEBUG": "true"}
    run_indgang(build_env, "migrate", "--no-input", "-v0")
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM auth_user WHERE username = 'analytiker'")
        loaded = row.fetchone()[0]  # type: ignore[index]
    if not loaded:
        print("loading the demo data into PostgreSQL (minutes) …", flush=True)
        run_indgang(build_env, "demo", "load")


def static_is_current() -> bool:
    """Whether var/static's manifest is newer than every static source file."""
    manifest = REPO / "var" / "static" / "staticfiles.json"
    if not manifest.exists():
        return False
    django_setup()
    from django.conf import settings

    collected = manifest.stat().st_mtime
    sources = [*REPO.glob("src/indgang/*/static")]
    sources += [
        Path(entry[1] if isinstance(entry, tuple) else entry) for entry in settings.STATICFILES_DIRS
    ]
    return not any(
        path.stat().st_mtime > collected
        for source in sources
        for path in source.rglob("*")
        if path.is_file()
    )


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")
    import django

    django.setup()


# --- HTTP ---------------------------------------------------------------------------


class Session:
    """One user's cookies, over one kept-alive connection."""

    def __init__(self, port: int, cookie: str = "") -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        if cookie:
            self.cookies.update(item.split("=", 1) for item in cookie.split("; ") if "=" in item)
        self.conn: http.client.HTTPConnection | None = None

    @property
    def cookie(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = self.cookie
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://127.0.0.1:{self.port}/"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
                continue
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), data
        raise AssertionError("unreachable")

    def get(self, path: str) -> tuple[int, str]:
        status, _headers, data = self.request("GET", path)
        return status, data.decode("utf-8", "replace")

    def post(self, path: str, form: dict[str, str]) -> tuple[int, str]:
        status, headers, _data = self.request("POST", path, form)
        return status, headers.get("Location", "")


def adult_with_gp() -> str:
    """A citizen who can change GP (an adult with a GP in København or Frederiksberg)."""
    django_setup()
    from django.db import connection

    from indgang.registers.models import Person

    cpr = (
        Person.objects.filter(
            insurance_group=1,
            gp_clinic__isnull=False,
            birth_date__year__lt=2000,
            address__municipality_code__in=["0101", "0147"],
        )
        .order_by("cpr")
        .values_list("cpr", flat=True)
        .first()
    )
    connection.close()
    if cpr is None:
        sys.exit("bench/web: no adult with a GP in the demo data")
    return cpr


def wait_for(port: int, log: Path, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if Session(port).get("/")[0] < 500:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"the server on port {port} did not start; see {log}")


def find(pattern: str, text: str, what: str) -> str:
    match = re.search(pattern, text)
    if not match:
        sys.exit(f"bench/web: could not find {what}")
    return match.group(1)


def prepare_pages(port: int, wanted: set[str]) -> list[Page]:
    """The pages, with the sessions and ids they need (found through the UI)."""
    pages = [
        Page("front", "front page", "anonymous", "/"),
        Page("place", "a place (/steder/…)", "anonymous"),
        Page("search", "service search (?q=pas)", "anonymous", "/ydelser/?q=pas"),
        Page("step", "self-service step (lægeskift)", "logged-in"),
        Page("minside", "citizen's Min side", "logged-in", "/min-side/"),
        Page("queue", "caseworker's queue", "logged-in", "/medarbejder/sager/"),
        Page("case", "a case", "logged-in"),
        Page("insights", "analyst overview", "analyst", "/medarbejder/indsigt/"),
    ]
    pages = [p for p in pages if p.key in wanted]
    anonymous = Session(port)
    keys = {p.key for p in pages}
    if "place" in keys:
        status, html = anonymous.get("/steder/")
        slug = find(r'href="/steder/([a-z0-9-]+)/"', html, "a place on /steder/")
        next(p for p in pages if p.key == "place").path = f"/steder/{slug}/"
    if keys & {"step", "minside"}:
        citizen = Session(port)
        citizen.get("/log-ind/test/")
        status, _ = citizen.post("/log-ind/test/", {"cpr": adult_with_gp(), "next": "/"})
        if status != 302:
            sys.exit(f"bench/web: test login failed (HTTP {status})")
        status, location = citizen.post("/selvbetjening/laegeskift/", {})
        if status != 302 or "/kladde/" not in location:
            sys.exit(f"bench/web: could not start lægeskift (HTTP {status} → {location})")
        for page in pages:
            if page.key == "step":
                page.path = urllib.parse.urlsplit(location).path
            if page.key in {"step", "minside"}:
                page.cookie = citizen.cookie
    staff: dict[str, Session] = {}
    logins = (("sagsbehandler.tmf", {"queue", "case"}), ("analytiker", {"insights"}))
    for username, needed in logins:
        if not keys & needed:
            continue
        session = Session(port)
        session.get("/medarbejder/log-ind/")
        status, location = session.post(
            "/medarbejder/log-ind/",
            {"username": username, "password": "demo-indgang-2026", "next": "/medarbejder/"},
        )
        if status != 302:
            sys.exit(f"bench/web: staff login as {username} failed (HTTP {status})")
        staff[username] = session
    if keys & {"queue", "case"}:
        caseworker = staff["sagsbehandler.tmf"]
        status, html = caseworker.get("/medarbejder/sager/")
        reference = find(r'href="/medarbejder/sager/([A-Z0-9-]+)/"', html, "a case in the queue")
        for page in pages:
            if page.key == "case":
                page.path = f"/medarbejder/sager/{reference}/"
            if page.key in {"queue", "case"}:
                page.cookie = caseworker.cookie
    for page in pages:
        if page.key == "insights":
            page.cookie = staff["analytiker"].cookie
    for page in pages:
        status, _ = Session(port, page.cookie).get(page.path)
        if status != 200:
            sys.exit(f"bench/web: {page.label} at {page.path} answered HTTP {status}")
    return pages


# --- load ---------------------------------------------------------------------------


def load(port: int, path: str, cookie: str, users: int, seconds: float) -> Sample:
    """``users`` threads request ``path`` back to back for ``seconds``."""
    sample = Sample()
    lock = threading.Lock()
    start = threading.Barrier(users + 1)
    stop_at = [0.0]

    def user() -> None:
        session = Session(port, cookie)
        mine: list[float] = []
        errors = 0
        start.wait()
        while time.perf_counter() < stop_at[0]:
            began = time.perf_counter()
            try:
                status, _headers, _body = session.request("GET", path)
                if status != 200:
                    errors += 1
            except OSError:
                errors += 1
                continue
            mine.append(time.perf_counter() - began)
        with lock:
            sample.times.extend(mine)
            sample.errors += errors

    threads = [threading.Thread(target=user, daemon=True) for _ in range(users)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    sample.seconds = time.perf_counter() - began
    return sample


def measure(
    app_port: int, bare_port: int, page: Page, users: int, seconds: float, rounds: int
) -> tuple[Sample, Sample]:
    bare, measured = Sample(), Sample()
    for _ in range(rounds):
        bare.add(load(bare_port, "/", "", users, seconds))
        measured.add(load(app_port, page.path, page.cookie, users, seconds))
    return measured, bare


# --- processes ----------------------------------------------------------------------


def start(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            argv, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def cpu_seconds(process: subprocess.Popen[bytes]) -> float:
    """CPU time of a server: the arbiter and its workers."""
    import psutil

    try:
        parent = psutil.Process(process.pid)
        total = 0.0
        for proc in [parent, *parent.children(recursive=True)]:
            times = proc.cpu_times()
            total += times.user + times.system
        return total
    except psutil.Error:
        return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--users", default=",".join(map(str, LEVELS)), help="e.g. 1,10,50")
    parser.add_argument("--pages", default="front,place,search,step,minside,queue,case,insights")
    parser.add_argument("--seconds", type=float, default=2.0, help="per burst (default 2)")
    parser.add_argument("--rounds", type=int, default=2, help="bare/page alternations")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=int(os.getenv("BENCH_WEB_PORT", "8016")))
    args = parser.parse_args()
    levels = [int(n) for n in args.users.split(",")]
    app_port, bare_port = args.port, args.port + 1

    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-web-secret-key-not-for-production",
        "PSEUDONYM_KEY": "bench-web-pseudonym-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{app_port}",
        "SECURE_COOKIES": "false",
        # The synthetic citizens' login (gunicorn runs no system checks; never in production).
        "TEST_IDP_ENABLED": "true",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_ACCESS_LOG": "",
        # Workers are not replaced during a run (their CPU time would be lost).
        "GUNICORN_MAX_REQUESTS": "0",
        "GUNICORN_LOG_LEVEL": "warning",
        "PYTHONUNBUFFERED": "1",
    }
    # Processes start the way they do in production: with cached bytecode.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.db == "postgres":
        url = os.getenv("DATABASE_URL", "")
        if not url.startswith("postgres"):
            url = DEFAULT_PG
        env["DATABASE_URL"] = url
        postgres_database(url, env)
        label = "PostgreSQL"
    else:
        env.pop("DATABASE_URL", None)
        database = sqlite_database(env)
        env["DATABASE_URL"] = f"sqlite:///{database}"
        label = "SQLite"
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    if not static_is_current():
        print("collecting static files …", flush=True)
        run_indgang(env, "collectstatic", "--no-input", "-v0")

    logdir = Path(tempfile.mkdtemp(prefix="indgang-bench-web-log-"))
    app = start(
        [*GUNICORN, "--bind", f"127.0.0.1:{app_port}", "indgang.wsgi:application"],
        env,
        logdir / "app.log",
    )
    bare = start(
        [
            *GUNICORN,
            "--bind",
            f"127.0.0.1:{bare_port}",
            "--pythonpath",
            str(REPO / "bench" / "web"),
            "bare:application",
        ],
        {**env, "DJANGO_SETTINGS_MODULE": ""},
        logdir / "bare.log",
    )
    try:
        wait_for(app_port, logdir / "app.log")
        wait_for(bare_port, logdir / "bare.log")
        pages = prepare_pages(app_port, set(args.pages.split(",")))
        for page in pages:  # warm every worker's caches and connections
            load(app_port, page.path, page.cookie, args.workers * 2, 0.5)
        load(bare_port, "/", "", args.workers * 2, 0.5)
        loads = os.getloadavg()
        print(
            f"\nbench/web — {label}, gunicorn {args.workers} workers, DEBUG off; "
            f"{args.rounds}×{args.seconds:g} s per page and level, alternating with the bare view; "
            f"load average at start {loads[0]:.1f} on {os.cpu_count()} cores"
        )
        header = (
            f"{'page':<32}{'users':>6}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>8}"
            f"{'bare p95':>10}{'÷ p50':>7}{'÷ p95':>7}{'goal':>6}{'cpu ms':>8}{'÷ cpu':>7}  errors"
        )
        print(header)
        print("-" * len(header))
        failures: list[str] = []
        for page in pages:
            for users in levels:
                app_cpu, bare_cpu = cpu_seconds(app), cpu_seconds(bare)
                measured, anchor = measure(
                    app_port, bare_port, page, users, args.seconds, args.rounds
                )
                app_cpu, bare_cpu = cpu_seconds(app) - app_cpu, cpu_seconds(bare) - bare_cpu
                ratio50 = measured.p(50) / anchor.p(50)
                ratio95 = measured.p(95) / anchor.p(95)
                goal = GOALS[page.kind]
                # Server CPU per request: robust when other work shares the cores.
                cpu_ms = 1000 * app_cpu / max(1, len(measured.times))
                bare_cpu_ms = 1000 * bare_cpu / max(1, len(anchor.times))
                print(
                    f"{page.label:<32}{users:>6}{1000 * measured.p(50):>9.1f}"
                    f"{1000 * measured.p(95):>9.1f}{measured.rps:>8.0f}"
                    f"{1000 * anchor.p(95):>10.1f}{ratio50:>7.1f}{ratio95:>7.1f}"
                    f"{goal:>6g}{cpu_ms:>8.1f}{cpu_ms / bare_cpu_ms:>7.1f}  "
                    f"{measured.errors + anchor.errors}",
                    flush=True,
                )
                if users >= 10 and ratio95 > goal:
                    failures.append(f"{page.label} at {users} users: {ratio95:.1f}× > {goal:g}×")
        print()
        print("over the goal: " + ("; ".join(failures) if failures else "none"))
        print(f"load average at end {os.getloadavg()[0]:.1f}; logs in {logdir}")
    finally:
        stop(app)
        stop(bare)


if __name__ == "__main__":
    main()
