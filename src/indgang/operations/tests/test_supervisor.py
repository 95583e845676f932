"""``indgang supervise``'s supervisor: a child that exits is started again, and
background children run at a lower priority than the web server."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time

import pytest

from indgang.operations.management.commands.supervise import BACKGROUND_NICE
from indgang.operations.supervisor import Child, Supervisor


def run_for(supervisor: Supervisor, seconds: float) -> None:
    timer = threading.Timer(seconds, lambda: setattr(supervisor, "running", False))
    timer.start()
    try:
        supervisor.run()
    finally:
        timer.cancel()


def test_a_child_that_exits_is_started_again_and_each_restart_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    quitter = Child("worker-1", [sys.executable, "-c", "import sys; sys.exit(3)"])
    with caplog.at_level(logging.WARNING, logger="indgang.operations.supervisor"):
        run_for(Supervisor([quitter], poll=0.05), 2.5)
    assert quitter.restarts >= 2
    assert "worker-1" in caplog.text and "exited with status 3" in caplog.text


def test_background_children_run_at_a_lower_priority_than_the_web_server() -> None:
    script = "import time; time.sleep(30)"
    web = Child("web-1", [sys.executable, "-c", script])
    worker = Child("worker-1", [sys.executable, "-c", script], nice=BACKGROUND_NICE)
    supervisor = Supervisor([web, worker], poll=0.05)
    seen: dict[str, int] = {}

    def look() -> None:
        time.sleep(0.5)
        for child in (web, worker):
            assert child.process is not None
            seen[child.name] = os.getpriority(os.PRIO_PROCESS, child.process.pid)
        supervisor.running = False

    threading.Thread(target=look).start()
    supervisor.run()
    own = os.getpriority(os.PRIO_PROCESS, 0)
    assert seen["web-1"] == own
    assert seen["worker-1"] == min(19, own + BACKGROUND_NICE)


COUNT_ONCE = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")
django.setup()
from django.test import RequestFactory
from indgang.core import ratelimit
print(ratelimit.count(RequestFactory().post("/", REMOTE_ADDR="192.0.2.7"), "test"))
"""


def test_web_processes_sharing_a_file_cache_count_one_rate_limit(tmp_path) -> None:
    """What ``supervise --web 2`` sets up without a Redis: each process counts
    into the same limit, instead of each keeping its own."""
    env = {**os.environ, "CACHE_URL": f"file://{tmp_path}"}
    counts = [
        subprocess.run(
            [sys.executable, "-c", COUNT_ONCE], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(3)
    ]
    assert counts == ["1", "2", "3"]
