"""Where routing spends its time: cProfile of ``route_many`` on the spent sets.

.venv/bin/python bench/routing/profile_route.py
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent / "src"))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/profile.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")


def main() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from indgang.cases.routing import router
    from indgang.demo.services import load_teams

    load_teams()
    router.prepare()
    router.train_and_store()
    texts = [
        json.loads(line)["text"]
        for name in ("holdout", "unseen")
        for line in (HERE / f"{name}.jsonl").read_text().splitlines()
        if line.strip()
    ] * 6
    router.route_many(texts[:50])
    cpu = time.process_time()
    profile = cProfile.Profile()
    profile.enable()
    router.route_many(texts)
    profile.disable()
    used = time.process_time() - cpu
    print(f"{len(texts)} texts, {len(texts) / used:.0f} per CPU-second (with the profiler on)")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
