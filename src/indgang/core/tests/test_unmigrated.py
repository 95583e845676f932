"""A command run before ``indgang migrate`` says what to run, not a traceback
(issue 11, hole 13)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = [["route"], ["messaging", "redeliver"], ["cases", "purge"], ["demo", "load"]]


def run(args: list[str], database: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "indgang.settings",
        "LANGUAGE": "",
    }
    return subprocess.run(
        [sys.executable, "-m", "indgang.manage", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_a_command_before_migrate_says_to_run_migrate(tmp_path, args):
    result = run(args, tmp_path / "fresh.sqlite3")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Databasen er ikke sat op. Kør: indgang migrate" in result.stderr


def test_a_half_migrated_database_also_says_to_run_migrate(tmp_path):
    database = tmp_path / "half.sqlite3"
    assert run(["migrate", "contenttypes", "-v0"], database).returncode == 0
    result = run(["route"], database)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "indgang migrate" in result.stderr
