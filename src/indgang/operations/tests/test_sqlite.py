"""Web and worker write to SQLite at the same time without "database is locked"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from indgang.cases.models import Case

# One process: four threads, each 25 short write transactions that read
# before they write (as Django's services do: select, then insert/update).
WRITER = """
import os, sys, threading, time
import indgang.settings as s
if sys.argv[2] != "IMMEDIATE":
    s.DATABASES["default"]["OPTIONS"]["transaction_mode"] = sys.argv[2]
import django
django.setup()
from django.db import OperationalError, connection, transaction
errors = []
def work(thread):
    try:
        for i in range(25):
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM soak")
                    time.sleep(0.002)
                    cursor.execute("INSERT INTO soak (who) VALUES (%s)", [sys.argv[1]])
    except OperationalError as error:
        errors.append(str(error))
    finally:
        connection.close()
threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
[t.start() for t in threads]
[t.join() for t in threads]
print("\\n".join(errors))
"""


def write_at_once(database: Path, mode: str) -> tuple[int, str]:
    import sqlite3

    with sqlite3.connect(database) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE soak (id INTEGER PRIMARY KEY, who TEXT)")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, who, mode],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for who in ("web", "worker")
    ]
    output = "".join(p.communicate(timeout=120)[0] for p in processes)
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT count(*) FROM soak").fetchone()[0]
    return rows, output


def test_a_web_and_a_worker_process_write_at_the_same_time(tmp_path: Path) -> None:
    rows, output = write_at_once(tmp_path / "indgang.sqlite3", "IMMEDIATE")
    assert "database is locked" not in output
    assert rows == 2 * 4 * 25


def test_without_immediate_transactions_the_same_writes_fail(tmp_path: Path) -> None:
    # What the settings prevent: a transaction that read first cannot take
    # the write lock once another process wrote, and fails at once.
    rows, output = write_at_once(tmp_path / "indgang.sqlite3", "DEFERRED")
    assert "database is locked" in output
    assert rows < 2 * 4 * 25


@pytest.mark.django_db
def test_the_contact_form_routes_before_its_write_transaction(
    citizen_client: Any, monkeypatch: Any
) -> None:
    from indgang.cases.routing import router

    depth_outside = len(connection.atomic_blocks)
    depths: list[int] = []
    route = router.route

    def recording(text: str, **kwargs: Any) -> Any:
        depths.append(len(connection.atomic_blocks))
        return route(text, **kwargs)

    monkeypatch.setattr(router, "route", recording)
    response = citizen_client.post(
        "/kontakt/skriv/",
        {"subject": "Skur", "text": "Min nabo har bygget et skur helt ud til skel.", "topic": ""},
    )
    assert response.status_code == 302
    assert Case.objects.count() == 1
    # The classifier ran with no transaction of the request's open (so no
    # write lock held while it thinks).
    assert depths == [depth_outside]
