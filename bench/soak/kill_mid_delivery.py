#!/usr/bin/env python
"""Kill the worker in the middle of a message delivery, start it again: delivered once?

    .venv/bin/python bench/soak/kill_mid_delivery.py [--lease 15]

On a copy of the soak's demo database (bench/soak/run.py builds it): a
caseworker replies to a case; a worker process (the real ``indgang worker``
loop, with Digital Post made slow) claims the delivery, marks the message
"sending" and is killed with SIGKILL. Then ``indgang worker`` is started
again, with no cron and no redelivery command, and the script waits until
the message is delivered. Prints the message's state, the delivery task's
workers and how many deliveries succeeded. ``--lease`` sets
WORKER_LEASE_SECONDS (60 in production) to keep the wait short.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import INDGANG, copy_sqlite, django_setup, sqlite_template

SLOW_WORKER = """
import time, django
django.setup()
from indgang.messaging.contrib.inbox.plugin import InboxPlugin
deliver = InboxPlugin.deliver
def slow(self, message):
    print("delivering, slowly", flush=True)
    time.sleep(600)
    return deliver(self, message)
InboxPlugin.deliver = slow
from indgang.operations.worker import ResilientWorker
ResilientWorker(queue_names=["default"]).run()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lease", type=int, default=15)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="indgang-kill-"))
    env = {
        **os.environ,
        "TEST_IDP_ENABLED": "true",
        "DEMO_CONTACTS_SCALE": "0",
        "DJANGO_SETTINGS_MODULE": "indgang.settings",
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    database = workdir / "indgang.sqlite3"
    copy_sqlite(sqlite_template(env), database)
    env.update(DATABASE_URL=f"sqlite:///{database}", WORKER_LEASE_SECONDS=str(args.lease))
    django_setup(env["DATABASE_URL"])
    os.environ["WORKER_LEASE_SECONDS"] = str(args.lease)

    from django.contrib.auth.models import User
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from indgang.cases import services as cases
    from indgang.messaging import services as messaging
    from indgang.messaging.models import Message
    from indgang.registers.models import Person

    case = cases.create_case(
        cpr=Person.objects.order_by("cpr").values_list("cpr", flat=True)[0],
        text="Jeg har fået en parkeringsafgift, men jeg havde en gyldig licens.",
        topic_slug="parkering",
    )
    actor = User.objects.get(username="sagsbehandler.tmf")
    from django.db import transaction

    with transaction.atomic():
        reply = messaging.staff_reply(case, "Vi har set på det og vender tilbage.", actor=actor)
    connection.close()
    print(f"reply queued for delivery ({DBTaskResult.objects.filter(status='READY').count()} task)")
    connection.close()

    log = (workdir / "worker.log").open("w")
    slow = subprocess.Popen(
        [sys.executable, "-c", SLOW_WORKER], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        reply.refresh_from_db()
        connection.close()
        if reply.delivery_status == "sending":
            break
        time.sleep(0.2)
    time.sleep(1)
    os.kill(slow.pid, signal.SIGKILL)
    slow.wait()
    task = DBTaskResult.objects.get(task_path="indgang.messaging.tasks.deliver_message")
    print(f"worker killed mid-delivery: message {reply.delivery_status!r}, task {task.status}")
    connection.close()

    started = time.monotonic()
    worker = subprocess.Popen([*INDGANG, "worker"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        while time.monotonic() - started < args.lease + 60:
            reply = Message.objects.get(pk=reply.pk)
            connection.close()
            if reply.delivery_status == "delivered":
                break
            time.sleep(1)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    waited = time.monotonic() - started
    tasks = list(DBTaskResult.objects.filter(task_path="indgang.messaging.tasks.deliver_message"))
    delivered = sum(1 for t in tasks if t.return_value == "delivered")
    print(
        f"after starting a worker again: message {reply.delivery_status!r} after {waited:.0f} s "
        f"(lease {args.lease} s), delivery attempts {reply.delivery_attempts}; "
        f"{len(tasks)} delivery task, run by {len(tasks[0].worker_ids)} workers, "
        f"{delivered} successful delivery"
    )
    print(f"  worker log: {workdir / 'worker.log'}")


if __name__ == "__main__":
    main()
