#!/usr/bin/env python
"""Time of a staff reply (stored, MeMo built and serialised), its delivery through
the demo Digital Post plugin, and the citizen's inbox page.

    .venv/bin/python bench/messaging/run.py [--replies 200] [--attachment-kb 500]

Uses a fresh SQLite file in a temporary directory unless DATABASE_URL is set
(then that database is migrated and used: give it a database of its own).
Prints p50/p95 in milliseconds and the size of one MeMo document.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--replies", type=int, default=200)
    parser.add_argument("--attachment-kb", type=int, default=500)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="messaging-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(workdir) / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")
    os.environ.setdefault("TEST_IDP_ENABLED", "true")
    os.environ.setdefault("DEBUG", "true")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from indgang.cases import services as cases
    from indgang.cases.routing import router
    from indgang.demo.services import load_teams
    from indgang.identity import services as identity
    from indgang.messaging import services
    from indgang.messaging.attachments import CheckedFile
    from indgang.messaging.tasks import deliver_message
    from indgang.registers import services as registers
    from indgang.registers.synthetic import generate

    call_command("migrate", "--no-input", verbosity=0)
    load_teams()
    population = generate(seed=3, persons=200, clinics=5, businesses=5)
    registers.load_population(population)
    router.load_reference_data()
    caseworker = identity.create_staff_member(
        username=f"bench_{int(time.time())}",
        password=None,
        first_name="Bench",
        last_name="Testesen",
        administration_code="tmf",
        roles=["caseworker"],
        team_slug="parkering",
    )
    cpr = population.persons[0].cpr
    pdf = b"%PDF-1.4\n" + os.urandom(args.attachment_kb * 1024)
    attachment = CheckedFile("bilag.pdf", "application/pdf", pdf, "clean")

    reply_ms, deliver_ms, memo_bytes = [], [], 0
    for i in range(args.replies):
        case = cases.create_case(
            cpr=cpr, citizen_name="Bench", text=f"Parkering nr. {i}", topic_slug="parkering"
        )
        files = [attachment] if i % 10 == 0 else []
        started = time.perf_counter()
        message = services.staff_reply(case, "Tak for svaret.", actor=caseworker, files=files)
        reply_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        assert deliver_message.call(str(message.pk)) == "delivered"
        deliver_ms.append((time.perf_counter() - started) * 1000)
        if not files:
            memo_bytes = len(message.memo_xml.encode())

    client = Client()
    client.post("/log-ind/test/", {"cpr": cpr})
    inbox_ms = []
    for _ in range(20):
        started = time.perf_counter()
        assert client.get("/beskeder/").status_code == 200
        inbox_ms.append((time.perf_counter() - started) * 1000)

    def line(name: str, values: list[float]) -> str:
        p95 = statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]
        return f"{name:<44} p50 {statistics.median(values):7.1f} ms   p95 {p95:7.1f} ms"

    print(
        f"database: {django.db.connection.vendor}; replies: {args.replies} "
        f"(every 10th with a {args.attachment_kb} kB PDF)"
    )
    print(line("staff reply (store + MeMo build/serialise)", reply_ms))
    print(line("delivery via demo plugin (check MeMo)", deliver_ms))
    print(line(f"citizen inbox with {args.replies} threads", inbox_ms))
    print(f"MeMo document without attachment: {memo_bytes} bytes")


if __name__ == "__main__":
    main()
