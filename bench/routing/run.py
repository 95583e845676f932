"""Routing benchmark: one command, figures on stdout.

    .venv/bin/python bench/routing/run.py

1. Trains the classifier as ``indgang route train`` does (fixed seed) and
   prints its figures on a held-out split of the shipped training data.
2. Routes ``bench/routing/holdout.jsonl`` — inquiries written separately,
   never used for training (other phrasing, typos, no æøå, English,
   indirect wording) — through the full router (rules, then the
   classifier, then the auto-routing thresholds) and prints the goal
   figures: precision of auto-routed inquiries and coverage.

Runs on a throwaway SQLite database so it never touches real data.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent / "src"))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")


def matrix(figures: dict[str, Any]) -> str:
    labels = figures["labels"]
    lines = ["true\\pred " + " ".join(f"{label:>4}" for label in labels)]
    for label, row in zip(labels, figures["confusion"], strict=True):
        lines.append(f"{label:>10} " + " ".join(f"{n:>4}" for n in row))
    return "\n".join(lines)


def summary(figures: dict[str, Any]) -> str:
    return (
        f"n={figures['n']} accuracy={figures['accuracy']:.3f} "
        f"macro-F1={figures['macro_f1']:.3f} coverage={figures['coverage']:.3f} "
        f"auto-precision={figures['auto_precision']:.3f}"
    )


def main() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from indgang.cases.routing import classifier, router
    from indgang.demo.services import load_teams

    load_teams()
    router.load_reference_data()
    started = time.perf_counter()
    model = router.train_and_store()
    trained = time.perf_counter() - started
    metrics = model.metrics
    print(f"Training: {metrics['examples']} examples, {trained:.1f} s")
    print(f"Thresholds: confidence >= {metrics['threshold']}, margin >= {metrics['margin']}")
    print("\nHeld-out split of the shipped data (20 %, stratified):")
    print(summary(metrics["held_out"]))
    print(matrix(metrics["held_out"]))

    rows = [json.loads(line) for line in (HERE / "holdout.jsonl").read_text().splitlines()]
    started = time.perf_counter()
    results = router.route_many([row["text"] for row in rows])
    elapsed = time.perf_counter() - started
    auto = [(row, r) for row, r in zip(rows, results, strict=True) if r.auto]
    right = sum(1 for row, r in auto if r.administration == row["administration"])
    active = router.active_router()
    assert active is not None
    classifier_only = classifier.evaluate(
        active, [classifier.Example(r["text"], r["administration"]) for r in rows]
    )
    print(f"\nHoldout set (bench/routing/holdout.jsonl, {len(rows)} inquiries, not trained on):")
    print(f"classifier alone: {summary(classifier_only)}")
    print(matrix(classifier_only))
    precision = right / len(auto) if auto else 0.0
    coverage = len(auto) / len(rows)
    print(
        f"full router (rules + classifier): auto-routed {len(auto)}/{len(rows)} "
        f"= coverage {coverage:.3f}; correct among auto-routed {right}/{len(auto)} "
        f"= precision {precision:.3f}"
    )
    met = precision >= 0.9 and coverage >= 0.8
    print(f"goal (precision >= 0.90, coverage >= 0.80): {'MET' if met else 'NOT MET'}")
    print(f"routing speed: {len(rows) / elapsed:.0f} inquiries/s")
    wrong = [(row, r) for row, r in auto if r.administration != row["administration"]]
    if wrong:
        print("\nWrong auto-routed:")
        for row, r in wrong:
            wanted = row["administration"]
            print(f"  {wanted} → {r.administration} ({r.confidence:.2f}): {row['text']}")


if __name__ == "__main__":
    main()
