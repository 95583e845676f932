"""Load through the balancer while a web process and a worker are killed.

    .venv/bin/python -m pytest -m cluster -p no:randomly -p no:xdist -s deploy/tests

Starts deploy/local-cluster (root: nginx, a second PostgreSQL cluster as a
streaming replica, Redis), with the replica applying WAL ``REPLICA_DELAY``
late so replication lag is certain rather than a race. For ``LOAD_SECONDS``:

- citizens (test IdP) write to the municipality through nginx; each
  message carries a marker, and a caseworker answers each one (the answer
  reaches the citizen by Digital Post and an SMS);
- an analyst reloads the insights overview (replica reads);
- one web process (gunicorn master and workers) is killed with SIGKILL and
  started again, then one worker, while the load goes on.

Then: every message a citizen was told was received is one case, a message
whose request died with the web process is at most one case; every case's
webhook reached the receiver exactly once; every answer gave exactly one SMS;
the replica is in recovery and served the analyst's reads; the analyst who
adds a rule sees it at once (pinned to the primary) while a request without
the pin cookie still gets the replica's older page. The figures are printed
(docs/operations.md, "Running on several machines").
"""

from __future__ import annotations

import http.server
import json
import os
import re
import signal
import statistics
import subprocess
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests

pytestmark = pytest.mark.cluster

REPO = Path(__file__).resolve().parents[2]
SCRIPT = str(REPO / "deploy" / "local-cluster")
STATE = Path(os.environ.get("INDGANG_CLUSTER_DIR", "/tmp/indgang-cluster"))  # noqa: S108
BALANCER = "http://127.0.0.1:8020"
PRIMARY = "postgres://postgres@127.0.0.1:5432/indgang_cluster"
REPLICA = "postgres://postgres@127.0.0.1:5433/indgang_cluster"
RECEIVER_PORT = 8027
# Longer than any request takes on a busy machine; the pin outlasts it.
REPLICA_DELAY = 30  # seconds
PIN_SECONDS = 45
LOAD_SECONDS = 75
# Per request: the machine running the test may be busy with other work.
TIMEOUT = 120
CASEWORKER = ("sagsbehandler.kff", "demo-indgang-2026")
ANALYST = ("analytiker", "demo-indgang-2026")
CLUSTER_ENV = {
    "DATABASE_REPLICA_PIN_SECONDS": str(PIN_SECONDS),
    "WORKER_LEASE_SECONDS": "10",
    "CASES_WEBHOOK_BACKOFF_SECONDS": "2",
    "ASSISTANT_QUESTIONS_PER_HOUR": "1000",
}


def sql(url: str, statement: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with psycopg.connect(url, autocommit=True) as connection:
        return connection.execute(statement, params or None).fetchall()  # type: ignore[arg-type]


def citizens(count: int = 4) -> list[str]:
    """Adults of the cluster's synthetic population (it changes with the
    generator, so no CPR numbers are written down here)."""
    rows = sql(
        PRIMARY,
        "SELECT cpr FROM registers_person WHERE birth_date < %s"
        " AND NOT name_address_protected ORDER BY cpr LIMIT %s",
        ("1990-01-01", count),
    )
    assert len(rows) == count, rows
    return [str(row[0]) for row in rows]


class Receiver(http.server.BaseHTTPRequestHandler):
    """The case system: records each webhook's delivery id."""

    received: Counter[str] = Counter()
    lock = threading.Lock()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with self.lock:
            self.received[self.headers.get("X-Indgang-Delivery", "")] += 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    env = {**os.environ, **CLUSTER_ENV}
    subprocess.run([SCRIPT, "stop"], env=env, check=False)
    subprocess.run([SCRIPT, "start", "--replica-delay", f"{REPLICA_DELAY}s"], env=env, check=True)
    environment = dict(
        line.split("=", 1) for line in (STATE / "env").read_text().splitlines() if line
    )
    shell = (
        "from indgang.cases.models import WebhookSubscription as W;"
        "W.objects.all().delete();"
        "W.objects.create(name='load test', administration_id='kff', secret='s' * 32,"
        f" url='http://127.0.0.1:{RECEIVER_PORT}/hook')"
    )
    subprocess.run(
        [str(REPO / ".venv" / "bin" / "indgang"), "shell", "-c", shell],
        env={**os.environ, **environment},
        check=True,
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", RECEIVER_PORT), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield
    server.shutdown()
    subprocess.run([SCRIPT, "stop", "--drop-db"], env=env, check=False)


def csrf(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def post(session: requests.Session, path: str, data: dict[str, str]) -> requests.Response:
    form = session.get(BALANCER + path, timeout=TIMEOUT)
    return session.post(
        BALANCER + path,
        data={"csrfmiddlewaretoken": csrf(form.text), **data},
        headers={"Referer": BALANCER + path},
        allow_redirects=False,
        timeout=TIMEOUT,
    )


def staff(username: str, password: str) -> requests.Session:
    session = requests.Session()
    done = post(session, "/medarbejder/log-ind/", {"username": username, "password": password})
    assert done.status_code == 302, done.status_code
    return session


class Load:
    def __init__(self) -> None:
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acknowledged: dict[str, str] = {}  # marker → case reference
        self.failed: list[str] = []  # markers whose request died
        self.answered: list[str] = []
        self.latencies: list[float] = []
        self.errors: Counter[str] = Counter()
        self.analyst_pages = 0
        self.to_answer: list[str] = []
        self.crashed: list[str] = []

    def thread(self, target: object, *args: object) -> threading.Thread:
        def run() -> None:
            try:
                target(*args)  # type: ignore[operator]
            except Exception as error:
                with self.lock:
                    self.crashed.append(f"{getattr(target, '__name__', target)}: {error!r}")

        return threading.Thread(target=run)

    def timed(self, call: object) -> requests.Response | None:
        started = time.perf_counter()
        try:
            response = call()  # type: ignore[operator]
        except requests.RequestException as error:
            with self.lock:
                self.errors[type(error).__name__] += 1
            return None
        with self.lock:
            self.latencies.append(time.perf_counter() - started)
            if response.status_code >= 500:
                self.errors[str(response.status_code)] += 1
        return response

    def citizen(self, cpr: str) -> None:
        session = requests.Session()
        assert post(session, "/log-ind/test/", {"cpr": cpr, "cvr": ""}).status_code == 302
        details = {"phone": "+4520304050", "email": "", "language": "da"}
        assert post(session, "/min-side/notifikationer/", details).status_code == 302
        while not self.stop.is_set():
            marker = uuid.uuid4().hex
            form = self.timed(lambda: session.get(BALANCER + "/kontakt/skriv/", timeout=TIMEOUT))
            if form is None or form.status_code != 200:
                continue
            data = {
                "csrfmiddlewaretoken": csrf(form.text),
                "topic": "pas-koerekort",
                "subject": "Mit pas",
                "text": f"Hvornår kan jeg hente det nye pas? Reference {marker}",
            }
            sent = self.timed(
                lambda data=data: session.post(  # type: ignore[misc]
                    BALANCER + "/kontakt/skriv/",
                    data=data,
                    headers={"Referer": BALANCER + "/kontakt/skriv/"},
                    allow_redirects=False,
                    timeout=TIMEOUT,
                )
            )
            if sent is None or sent.status_code != 302:
                with self.lock:
                    self.failed.append(marker)
                continue
            # The receipt page names the case; a failed fetch is fetched again.
            reference = None
            while reference is None:
                page = self.timed(
                    lambda: session.get(BALANCER + "/kontakt/skriv/sendt/", timeout=TIMEOUT)
                )
                if page is not None and page.status_code == 200:
                    reference = re.search(r"K-\d{4}-\d{6}", page.text)
                    assert reference, page.text[:500]
            with self.lock:
                self.acknowledged[marker] = reference.group(0)
                self.to_answer.append(reference.group(0))

    def caseworker(self) -> None:
        session = staff(*CASEWORKER)
        while not self.stop.is_set() or self.to_answer:
            with self.lock:
                reference = self.to_answer.pop(0) if self.to_answer else None
            if reference is None:
                time.sleep(0.2)
                continue
            path = f"/medarbejder/sager/{reference}/"
            page = self.timed(lambda path=path: session.get(BALANCER + path, timeout=TIMEOUT))
            if page is None or page.status_code != 200:
                with self.lock:
                    self.to_answer.append(reference)
                continue
            answer = self.timed(
                lambda page=page, reference=reference: session.post(  # type: ignore[misc]
                    f"{BALANCER}/medarbejder/sager/{reference}/beskeder/svar/",
                    data={
                        "csrfmiddlewaretoken": csrf(page.text),
                        "reply-body": "Dit pas kan hentes fra på mandag.",
                    },
                    headers={"Referer": BALANCER + f"/medarbejder/sager/{reference}/"},
                    allow_redirects=False,
                    timeout=TIMEOUT,
                )
            )
            if answer is not None and answer.status_code == 302:
                with self.lock:
                    self.answered.append(reference)
            elif answer is None or answer.status_code >= 500:
                # The request died with the web process: whether the answer
                # was stored shows on the case; answer again only if not.
                self.check_later(reference)

    def check_later(self, reference: str) -> None:
        rows = sql(
            PRIMARY,
            "SELECT count(*) FROM messaging_message m"
            " JOIN messaging_thread t ON t.id = m.thread_id JOIN cases_case c ON c.id = t.case_id"
            " WHERE c.reference = %s AND m.direction = 'to_citizen'",
            (reference,),
        )
        with self.lock:
            (self.answered if rows[0][0] else self.to_answer).append(reference)

    def analyst(self) -> None:
        session = staff(*ANALYST)
        # For PIN_SECONDS the login's pin sends these reads to the primary.
        while not self.stop.is_set():
            page = self.timed(
                lambda: session.get(BALANCER + "/medarbejder/indsigt/", timeout=TIMEOUT)
            )
            if page is not None and page.status_code == 200:
                with self.lock:
                    self.analyst_pages += 1


def kill(name: str) -> None:
    pid = int((STATE / f"{name}.pid").read_text())
    os.killpg(pid, signal.SIGKILL)


def restart() -> None:
    subprocess.run([SCRIPT, "start"], env={**os.environ, **CLUSTER_ENV}, check=True)


def drained(timeout: float) -> float:
    """Seconds until no task waits or runs and every delivery is settled."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        waiting = sql(
            PRIMARY,
            "SELECT (SELECT count(*) FROM django_tasks_database_dbtaskresult"
            "        WHERE status IN ('READY', 'RUNNING'))"
            " + (SELECT count(*) FROM cases_webhookdelivery WHERE status = 'pending')",
        )[0][0]
        if waiting == 0:
            return time.monotonic() - started
        time.sleep(1)
    pytest.fail(f"work still waiting after {timeout:.0f} s")


def replica_scans() -> int:
    rows = sql(
        REPLICA,
        "SELECT COALESCE(sum(seq_scan + COALESCE(idx_scan, 0)), 0) FROM pg_stat_user_tables"
        " WHERE relname LIKE 'insights_%'",
    )
    return int(rows[0][0])  # type: ignore[call-overload]


def test_nothing_is_lost_or_doubled_when_processes_die(cluster: None) -> None:
    assert sql(REPLICA, "SELECT pg_is_in_recovery()")[0][0] is True
    assert sql(PRIMARY, "SELECT pg_is_in_recovery()")[0][0] is False
    scans_before = replica_scans()
    load = Load()
    threads = [load.thread(load.citizen, cpr) for cpr in citizens()]
    threads += [load.thread(load.caseworker), load.thread(load.analyst)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(LOAD_SECONDS * 0.25)
    kill("web1")
    killed_web = time.monotonic()
    time.sleep(5)
    restart()
    web_back = time.monotonic() - killed_web
    time.sleep(LOAD_SECONDS * 0.2)
    kill("worker1")
    time.sleep(5)
    restart()
    time.sleep(max(0.0, LOAD_SECONDS - (time.monotonic() - started)))
    load.stop.set()
    for thread in threads:
        thread.join(timeout=180)
    elapsed = time.monotonic() - started
    assert not load.crashed, load.crashed
    settle = drained(180)

    # Nothing a citizen was told was received is lost; nothing is doubled.
    cases = dict(
        sql(
            PRIMARY,
            "SELECT substring(text from 'Reference ([0-9a-f]{32})'), count(*) FROM cases_case"
            " WHERE text LIKE %s GROUP BY 1",
            ("%Reference %",),
        )
    )
    assert load.acknowledged, "no message got through"
    assert all(cases.get(marker) == 1 for marker in load.acknowledged)
    assert all(cases.get(marker, 0) <= 1 for marker in load.failed)
    assert set(cases) <= set(load.acknowledged) | set(load.failed)

    # Every case's webhooks reached the case system exactly once.
    deliveries = [
        str(row[0])
        for row in sql(
            PRIMARY,
            "SELECT d.event_id FROM cases_webhookdelivery d WHERE d.status = 'delivered'",
        )
    ]
    undelivered = sql(
        PRIMARY, "SELECT count(*) FROM cases_webhookdelivery WHERE status <> 'delivered'"
    )
    assert undelivered[0][0] == 0
    assert set(deliveries) == set(Receiver.received)
    assert max(Receiver.received.values()) == 1, Receiver.received.most_common(3)
    created = sql(
        PRIMARY,
        "SELECT count(*) FROM cases_webhookdelivery WHERE event = 'case.created'",
    )[0][0]
    assert created == len(cases)

    # Every answer reached the citizen as one SMS.
    sms = sql(
        PRIMARY,
        "SELECT n.ref, count(o.id) FROM notifications_notification n"
        " LEFT JOIN notifications_outboxmessage o ON o.notification_id = n.id"
        " WHERE n.channel = 'sms' AND n.ref LIKE 'message:%%' GROUP BY n.ref",
    )
    assert len(load.answered) == len(set(load.answered))
    assert len(sms) == len(load.answered)
    assert all(count == 1 for _ref, count in sms), [row for row in sms if row[1] != 1]

    # The analyst's pages were read from the replica.
    assert load.analyst_pages > 0
    assert replica_scans() > scans_before
    lag = sql(REPLICA, "SELECT EXTRACT(epoch FROM now() - pg_last_xact_replay_timestamp())")

    latencies = sorted(load.latencies)
    figures = {
        "seconds of load": round(elapsed),
        "requests through nginx": len(latencies),
        "requests per second": round(len(latencies) / elapsed, 1),
        "p50 ms": round(statistics.median(latencies) * 1000),
        "p95 ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000),
        "errors (requests that died with web1)": dict(load.errors),
        "messages acknowledged": len(load.acknowledged),
        "messages whose request died": len(load.failed),
        "of those stored anyway": sum(1 for m in load.failed if m in cases),
        "cases / webhook deliveries / webhooks received": (
            len(cases),
            len(deliveries),
            sum(Receiver.received.values()),
        ),
        "answers / SMS": (len(load.answered), sum(count for _r, count in sms)),
        "analyst overview pages (replica)": load.analyst_pages,
        "web1 back after kill (s)": round(web_back, 1),
        "queue drained after load (s)": round(settle, 1),
        "replica lag at the end (s)": round(float(lag[0][0] or 0), 1),
    }
    print("\nlocal-cluster figures: " + json.dumps(figures, ensure_ascii=False, indent=1))


def test_the_analyst_reads_their_own_write_while_the_replica_lags(cluster: None) -> None:
    session = staff(*ANALYST)
    log_id = str(sql(PRIMARY, "SELECT id FROM mining_eventlogimport ORDER BY name LIMIT 1")[0][0])
    path = f"/medarbejder/procesmining/{log_id}/"
    time.sleep(PIN_SECONDS + 1)  # the login's pin runs out: reads go to the replica
    page = session.get(BALANCER + path, params={"fane": "regler"}, timeout=TIMEOUT)
    assert page.status_code == 200
    rules_before = page.text.count("/slet/")
    activity = re.search(r'<select[^>]*name="a"[^>]*>.*?<option value="([^"]+)"', page.text, re.S)
    assert activity, "no activity to make a rule of"
    added = session.post(
        BALANCER + path + "regler/",
        data={
            "csrfmiddlewaretoken": csrf(page.text),
            "type": "at_most",
            "a": activity.group(1),
            "n": "3",
        },
        headers={"Referer": BALANCER + path},
        allow_redirects=True,
        timeout=TIMEOUT,
    )
    assert added.status_code == 200
    # Whoever wrote reads the primary: the new rule is there at once.
    assert added.text.count("/slet/") == rules_before + 1
    # The same page without the pin cookie comes from the replica, which
    # has not applied the write yet (it applies WAL REPLICA_DELAY late).
    session.cookies.pop("indgang_primary")
    stale = session.get(BALANCER + path, params={"fane": "regler"}, timeout=TIMEOUT)
    assert stale.text.count("/slet/") == rules_before
    # Once the replica has applied it, the replica's page has it too.
    deadline = time.monotonic() + REPLICA_DELAY + 60
    while time.monotonic() < deadline:
        fresh = session.get(BALANCER + path, params={"fane": "regler"}, timeout=TIMEOUT)
        if fresh.text.count("/slet/") == rules_before + 1:
            break
        time.sleep(2)
    assert fresh.text.count("/slet/") == rules_before + 1
