"""Demo event logs for the analyst: five citizen-facing processes for the portfolio.

The public municipal logs in ``../shared/data/eventlogs`` (or $INDGANG_EVENTLOGS)
that are present, and Indgang's own case events — the administration's real
ones when it has any, otherwise synthetic events shaped like them (labelled so).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
from django.contrib.auth import get_user_model
from django.core.files import File

from indgang.identity.queries import staff_profile
from indgang.mining import services
from indgang.mining.constants import ImportStatus
from indgang.mining.engine import EventLogError, export_xes, make_event_log
from indgang.mining.models import EventLogImport

DEMO_LOGS = (
    ("BPIC15_1.xes.gz", "Byggetilladelser, kommune 1 (BPIC15)"),
    ("CoSeLoG_WABO_1.xes.gz", "Miljøtilladelser, hele forløbet (CoSeLoG)"),
    ("receipt_WABO.xes.gz", "Miljøtilladelser, modtagelse (CoSeLoG)"),
    ("Road_Traffic_Fine_Management_Process.xes.gz", "Færdselsbøder"),
)
OWN_NAME = "Indgang: borgerhenvendelser"
SYNTHETIC_NAME = "Indgang: borgerhenvendelser (syntetiske hændelser)"


def eventlogs_dir() -> Path:
    configured = os.environ.get("INDGANG_EVENTLOGS")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3].parent / "shared" / "data" / "eventlogs"


def synthetic_case_events(cases: int = 600, seed: int = 1) -> pl.DataFrame:
    """Case events shaped like Indgang's own (created, routed, ..., awaiting_citizen)."""
    rng = random.Random(seed)
    rows: list[tuple[str, str, dt.datetime, str]] = []
    start = dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC)
    staff = [f"medarbejder-{n}" for n in range(1, 9)]

    def later(moment: dt.datetime, hours: float) -> dt.datetime:
        return moment + dt.timedelta(hours=rng.expovariate(1 / hours))

    for n in range(cases):
        case = f"SAG-2026-{n + 1:05d}"
        at = start + dt.timedelta(hours=rng.uniform(0, 24 * 300))
        person = rng.choice(staff)
        rows.append((case, "created", at, "system"))
        at = later(at, 0.1)
        rows.append((case, "routed", at, "system"))
        if rng.random() < 0.15:
            at = later(at, 30)
            rows.append((case, "transferred", at, person))
            person = rng.choice(staff)
        at = later(at, 20)
        rows.append((case, "assigned", at, person))
        at = later(at, 8)
        rows.append((case, "state:in_progress", at, person))
        rounds = 0
        while rng.random() < (0.35 if rounds == 0 else 0.3) and rounds < 3:
            rounds += 1
            at = later(at, 4)
            rows.append((case, "message_sent", at, person))
            rows.append((case, "state:awaiting_citizen", at + dt.timedelta(seconds=5), person))
            at = later(at, 24 * 6)
            rows.append((case, "message_received", at, "citizen"))
            at = later(at, 16)
            rows.append((case, "state:in_progress", at, person))
        at = later(at, 24)
        rows.append((case, "state:resolved", at, person))
        if rng.random() < 0.9:
            at = later(at, 24 * 3)
            rows.append((case, "state:closed", at, person))
    return pl.DataFrame(rows, schema=["case_id", "activity", "timestamp", "resource"], orient="row")


def _import_file(path: Path, name: str, actor: Any, administration_id: str) -> EventLogImport:
    log_import = EventLogImport(
        name=name,
        file_name=path.name,
        administration_id=administration_id,
        uploaded_by=actor,
        status=ImportStatus.QUEUED,
    )
    with path.open("rb") as handle:
        log_import.source.save(path.name, File(handle), save=False)
    log_import.save()
    return services.run_import(str(log_import.pk))


def load_demo_logs(username: str = "analytiker") -> list[str]:
    """Import the demo logs for the analyst ``username`` (idempotent, by name)."""
    actor = get_user_model().objects.filter(username=username).first()
    profile = staff_profile(actor) if actor else None
    if actor is None or profile is None:
        return []
    existing = set(
        EventLogImport.objects.filter(administration=profile.administration).values_list(
            "name", flat=True
        )
    )
    loaded = []
    directory = eventlogs_dir()
    for file_name, name in DEMO_LOGS:
        path = directory / file_name
        if name in existing or not path.exists():
            continue
        _import_file(path, name, actor, profile.administration_id)
        loaded.append(name)
    if OWN_NAME not in existing and SYNTHETIC_NAME not in existing:
        try:
            services.import_own_cases(actor=actor)  # type: ignore[arg-type]
            log_import = EventLogImport.objects.filter(administration=profile.administration)
            latest = log_import.order_by("-created_at").first()
            if latest is not None:
                latest.name = OWN_NAME
                latest.save(update_fields=["name"])
            loaded.append(OWN_NAME)
        except EventLogError:
            log = make_event_log(synthetic_case_events(), source="indgang-demo")
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "indgang-sager-syntetisk.xes.gz"
                export_xes(log, path)
                _import_file(path, SYNTHETIC_NAME, actor, profile.administration_id)
            loaded.append(SYNTHETIC_NAME)
    return loaded
