"""A small process supervisor for the demo and small installations.

``indgang supervise`` starts the web server, the worker(s) and the scheduler
as child processes and starts again any that exits, with a growing pause if
it keeps exiting. Each restart is logged. Production uses systemd or its
container platform for the same job (docs/operations.md).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from types import FrameType

logger = logging.getLogger("indgang.operations.supervisor")


@dataclass
class Child:
    name: str
    argv: list[str]
    # Niceness: background work (workers, scheduler) yields the CPU to web
    # requests, so a burst of citizens is not slowed by the queue it fills.
    nice: int = 0
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    restarts: int = 0
    failures_in_a_row: int = 0
    due: float = 0.0


class Supervisor:
    def __init__(self, children: list[Child], *, poll: float = 0.5) -> None:
        self.children = children
        self.poll = poll
        self.running = True

    def start(self, child: Child) -> None:
        child.process = subprocess.Popen(child.argv)  # noqa: S603 - our own commands
        child.started = time.monotonic()
        if child.nice:
            try:
                os.setpriority(os.PRIO_PROCESS, child.process.pid, child.nice)
            except OSError:
                logger.warning("could not lower the priority of %s", child.name)
        logger.warning("started %s (pid %s)", child.name, child.process.pid)

    def stop(self, signum: int, frame: FrameType | None) -> None:
        self.running = False

    def run(self) -> None:
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        for child in self.children:
            self.start(child)
        try:
            while self.running:
                now = time.monotonic()
                for child in self.children:
                    if child.process is None:
                        if now >= child.due:
                            self.start(child)
                        continue
                    code = child.process.poll()
                    if code is None:
                        continue
                    # A process that ran a while before exiting is restarted at
                    # once; one that keeps exiting waits longer each time.
                    ran = now - child.started
                    child.failures_in_a_row = 0 if ran > 30 else child.failures_in_a_row + 1
                    pause = min(30.0, 2.0 ** max(0, child.failures_in_a_row - 1))
                    child.restarts += 1
                    logger.warning(
                        "%s (pid %s) exited with status %s after %.0f s; restart %d in %.0f s",
                        child.name,
                        child.process.pid,
                        code,
                        ran,
                        child.restarts,
                        pause,
                    )
                    child.process = None
                    child.due = now + pause
                time.sleep(self.poll)
        finally:
            self.shutdown()

    def shutdown(self) -> None:
        alive = [c for c in self.children if c.process is not None and c.process.poll() is None]
        for child in alive:
            assert child.process is not None
            child.process.terminate()
        deadline = time.monotonic() + 10
        for child in alive:
            assert child.process is not None
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.process.kill()
        restarts = ", ".join(f"{c.name}: {c.restarts}" for c in self.children)
        logger.warning("stopped; restarts %s", restarts)


def indgang(*args: str) -> list[str]:
    """argv for an indgang command run by the same Python."""
    return [sys.executable, "-m", "indgang.manage", *args]
