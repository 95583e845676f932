#!/usr/bin/env python
"""Time to judge an upload (type, size, demo virus scan) and to store and send notifications.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_notify \\
        .venv/bin/python bench/notifications/run.py [--notifications 1000] [--mb 10]

The database named in DATABASE_URL is created if missing and migrated. Prints:
the milliseconds to check a clean PDF of ``--mb`` MB and one with the EICAR
string inside (``core.files.check_upload``); then, for ``--notifications`` SMS
through the demo outbox gateway, the time to store them (``notify``, task
enqueued on the database backend) and to store and send them at once (the
immediate task backend: render, store, gateway, status delivered).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/h_notify"
IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def bench_files(mb: int) -> None:
    from indgang.core import files
    from indgang.core.contrib.virusscan.demo import EICAR

    clean = b"%PDF-1.7\n" + b"0" * (mb * 1024 * 1024)
    infected = b"%PDF-1.7\n" + EICAR + b"0" * (mb * 1024 * 1024)
    for label, data in (("clean", clean), ("EICAR inside", infected)):
        times = []
        for _ in range(20):
            started = time.perf_counter()
            checked = files.check_upload("a.pdf", data, accept=("pdf",), max_bytes=len(data))
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"check_upload {mb} MB PDF, {label}: median {statistics.median(times):.2f} ms "
            f"(problem: {checked.problem[0] if checked.problem else 'none'})"
        )


def bench_notifications(count: int) -> None:
    from django.db import transaction
    from django.test import override_settings

    from indgang.notifications import services
    from indgang.notifications.models import Notification, OutboxMessage

    run = str(time.time_ns())
    for number, (label, backend) in enumerate(
        [
            ("store + enqueue (database task backend)", "django_tasks_db.DatabaseBackend"),
            ("store + send at once (immediate backend, outbox)", IMMEDIATE),
        ]
    ):
        tasks = {"default": {"BACKEND": backend}}
        with override_settings(TASKS=tasks, SMS_GATEWAY="outbox"):
            started = time.perf_counter()
            for i in range(count):
                with transaction.atomic():
                    services.notify(
                        channel="sms",
                        to=f"2012{i % 10000:04d}",
                        template="new_message",
                        context={},
                        ref=f"bench:{run}:{number}:{i}",
                    )
            elapsed = time.perf_counter() - started
        print(f"{count} SMS, {label}: {elapsed:.2f} s, {elapsed / count * 1000:.2f} ms each")
    delivered = Notification.objects.filter(ref__startswith=f"bench:{run}:", status="delivered")
    print(f"delivered: {delivered.count()}, outbox rows: {OutboxMessage.objects.count()}")
    from django_tasks_db.models import DBTaskResult

    OutboxMessage.objects.filter(notification__ref__startswith=f"bench:{run}:").delete()
    Notification.objects.filter(ref__startswith=f"bench:{run}:").delete()
    DBTaskResult.objects.filter(task_path__endswith="send_notification").delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notifications", type=int, default=1000)
    parser.add_argument("--mb", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")
    ensure_database(os.environ["DATABASE_URL"])
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    print(f"database: {os.environ['DATABASE_URL'].rsplit('@', 1)[-1]}")
    bench_files(args.mb)
    bench_notifications(args.notifications)


if __name__ == "__main__":
    main()
