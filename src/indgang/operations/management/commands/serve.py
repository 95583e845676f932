"""``indgang serve``: the demo's web server (Django's development server) with
the routing model loaded at start and room for a burst of connections.

The first contact form after a start would otherwise load the classifier
(scikit-learn) while every other request waits; and the development server's
listen queue of 10 connections refuses a burst of citizens. Production runs a
WSGI server (docs/operations.md).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.core.servers import basehttp

logger = logging.getLogger("indgang.operations")


def warm_up() -> None:
    from django.db import connection

    from indgang.cases import services as cases

    try:
        cases.warm_up()
    except Exception:  # a cold cache is slow, not broken
        logger.exception("warming up the web process failed")
    finally:
        connection.close()


class Command(BaseCommand):
    help = "Run the development web server for the demo, warmed up (see docs/operations.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        basehttp.WSGIServer.request_queue_size = 256
        threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
        call_command("runserver", options["addrport"], use_reloader=False)
