"""``indgang serve``: the web server.

With DEBUG off (production) it runs Django's system checks and then becomes
gunicorn with the repository's configuration (``indgang.operations.
gunicorn_conf``, also deploy/gunicorn.conf.py): preloaded, one worker process
per core plus one, ``--threads`` threads each; docs/operations.md, "Web server".

With DEBUG on (``make demo``) it is the demo's web server — Django's
development server, warmed up and with a bounded number of requests at work
at once:

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

gunicorn gives the same bound: workers × threads requests at once.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
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


GUNICORN_CONFIG = "python:indgang.operations.gunicorn_conf"


def gunicorn_argv(addrport: str, threads: int, workers: int | None) -> list[str]:
    """The command line that runs Indgang under gunicorn at ``addrport``."""
    bind = addrport or "127.0.0.1:8000"
    if bind.isdigit():
        bind = f"127.0.0.1:{bind}"
    argv = [sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONFIG, "--bind", bind]
    argv += ["--threads", str(threads), "--reuse-port"]
    if workers:
        argv += ["--workers", str(workers)]
    return [*argv, "indgang.wsgi:application"]


class Command(RunserverCommand):
    help = (
        "Run the web server: gunicorn when DEBUG is off; the demo's development "
        "server (warmed up, a bounded number of requests at once) when it is on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--threads", type=int, default=4, help="Requests at work at once per process (4)."
        )
        parser.add_argument(
            "--server",
            choices=["gunicorn", "development"],
            help="Which server (default: gunicorn when DEBUG is off, else development).",
        )
        parser.add_argument(
            "--web-workers",
            type=int,
            help="gunicorn's worker processes (default: cores + 1, or GUNICORN_WORKERS).",
        )

    def handle(self, *args: Any, **options: Any) -> Any:
        self.threads = options["threads"]
        server = options["server"] or ("development" if settings.DEBUG else "gunicorn")
        if server == "gunicorn":
            return self.gunicorn(options)
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

    def gunicorn(self, options: dict[str, Any]) -> None:
        """Check, then replace this process by gunicorn (a supervisor or
        systemd keeps the same process id)."""
        self.check(display_num_errors=False)
        self.check_migrations()
        argv = gunicorn_argv(options["addrport"] or "", self.threads, options["web_workers"])
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            os.execv(sys.executable, argv)  # noqa: S606 (our own interpreter and arguments)
        except OSError as error:
            raise CommandError(f"could not start gunicorn: {error}") from error

    def get_handler(self, *args: Any, **options: Any) -> Any:
        return bounded(super().get_handler(*args, **options), self.threads)
