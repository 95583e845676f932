"""``indgang supervise``: web server, worker(s) and scheduler, restarted when
one exits (what ``make demo`` runs; docs/operations.md)."""

from __future__ import annotations

import logging
import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from indgang.operations.supervisor import Child, Supervisor, indgang

# Workers and the scheduler run at a lower priority than the web server: a
# citizen waiting for a page comes before a queued receipt or reminder.
BACKGROUND_NICE = 10


class Command(BaseCommand):
    help = "Run the web server, the worker(s) and the scheduler; restart any that exits."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="Address of the web server.")
        parser.add_argument("--workers", type=int, default=1, help="Number of task workers.")
        parser.add_argument(
            "--web", type=int, default=1, help="Web processes sharing the address (default 1)."
        )
        parser.add_argument(
            "--threads", type=int, default=4, help="Web requests at work at once (default 4)."
        )
        parser.add_argument("--no-web", action="store_true", help="Only worker(s) and scheduler.")
        parser.add_argument("--no-scheduler", action="store_true", help="No scheduler (cron).")

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("indgang.operations").setLevel(logging.INFO)
        children = []
        if options["web"] > 1 and not settings.CACHE_URL:
            # Rate limits must be counted across the web processes; without a
            # Redis, a cache directory shared on this machine does it.
            directory = settings.REPO_DIR / "var" / "cache"
            os.environ["CACHE_URL"] = f"file://{directory}"
            logging.getLogger("indgang.operations").info("shared cache in %s", directory)
        if not options["no_web"]:
            for number in range(1, options["web"] + 1):
                argv = indgang("serve", options["bind"], "--threads", str(options["threads"]))
                children.append(Child(f"web-{number}", argv))
        for number in range(1, options["workers"] + 1):
            children.append(Child(f"worker-{number}", indgang("worker"), nice=BACKGROUND_NICE))
        if not options["no_scheduler"]:
            children.append(Child("scheduler", indgang("scheduler"), nice=BACKGROUND_NICE))
        Supervisor(children).run()
