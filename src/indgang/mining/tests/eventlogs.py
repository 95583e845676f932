"""Where the real event logs live: ``<repo>/../shared/data/eventlogs`` or $INDGANG_EVENTLOGS."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[4]
# The municipal logs the issue asks findings for (BPIC12 and the road fines are not).
MUNICIPAL = ("receipt_WABO", "BPIC15_1", "CoSeLoG_WABO_1")


def eventlogs_dir() -> Path:
    configured = os.environ.get("INDGANG_EVENTLOGS")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "data" / "eventlogs"


def all_logs() -> list[Path]:
    """Every XES/CSV log in the directory; a missing directory is an error, not a skip."""
    directory = eventlogs_dir()
    logs = (
        sorted(
            p
            for p in directory.glob("*")
            if p.name.endswith((".xes", ".xes.gz", ".csv", ".csv.gz"))
        )
        if directory.is_dir()
        else []
    )
    if not logs:
        pytest.fail(
            f"No event logs found in {directory}. Put the shared data beside the repository "
            "(../shared/data/eventlogs) or set INDGANG_EVENTLOGS.",
            pytrace=False,
        )
    return logs


def log_name(path: Path) -> str:
    return path.name.split(".")[0]
