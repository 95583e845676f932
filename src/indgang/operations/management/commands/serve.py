"""``indgang serve``: the demo's web server — Django's development server,
warmed up and with a bounded number of requests at work at once.

- The routing model (scikit-learn) is loaded when the process starts, not by
  the first citizen's contact form while everyone else waits.
- At most ``--threads`` requests run at a time; the others wait their turn
  in order. With one thread per connection, a burst of 100 citizens would
  share the interpreter 100 ways, and the request holding SQLite's write lock
  would get a hundredth of it while the rest wait for the lock until they
  fail with "database is locked".
- The listen queue takes a burst of connections instead of refusing them,
  and several processes can listen on the same port (``supervise --web 2``
  uses both cores; one Python process uses one).

Production runs a WSGI server with a fixed number of threads
(docs/operations.md), which gives the same bound.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.core.management.base import CommandParser
from django.core.management.commands.runserver import Command as RunserverCommand
from django.core.servers import basehttp
from django.db import connections

logger = logging.getLogger("indgang.operations")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def warm_up() -> None:
    from django.db import connection

    # The routing model pulls in the classifier stack; only the web server needs it.
    # why: imported when the server starts, not when any command is loaded
    from indgang.cases import services as cases

    try:
        cases.warm_up()
    except Exception:  # a cold cache is slow, not broken
        logger.exception("warming up the web process failed")
    finally:
        connection.close()


def bounded(app: WSGIApp, threads: int) -> WSGIApp:
    """The WSGI app, running at most ``threads`` requests at once."""
    turn = threading.BoundedSemaphore(threads)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        with turn:
            response = app(environ, start_response)
            # The body is read and the response closed inside the turn: a
            # streaming body may query, and closing ends the request (Django
            # then closes its database connection).
            try:
                return list(response)
            finally:
                close = getattr(response, "close", None)
                if close is not None:
                    close()

    return application


class Command(RunserverCommand):
    help = "Run the demo's web server: warmed up, a bounded number of requests at once."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--threads", type=int, default=4, help="Requests at work at once (default 4)."
        )

    def handle(self, *args: Any, **options: Any) -> Any:
        self.threads = options["threads"]
        options["use_reloader"] = False
        basehttp.WSGIServer.request_queue_size = 256
        # The development server runs each connection in a new thread, so a
        # persistent database connection would stay open after its thread
        # ended: a burst of citizens would use up PostgreSQL's connections.
        for alias in connections:
            connections.settings[alias]["CONN_MAX_AGE"] = 0
        # Several web processes may share the port (supervise --web N); the
        # kernel spreads connections over them.
        basehttp.WSGIServer.allow_reuse_port = True
        threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
        return super().handle(*args, **options)

    def get_handler(self, *args: Any, **options: Any) -> Any:
        return bounded(super().get_handler(*args, **options), self.threads)
