"""Threshold sweep on the spent sets (not for blind sets): how coverage and
correct-among-auto-routed move with the confidence threshold and margin.

    .venv/bin/python bench/routing/tune.py [--sets holdout,unseen,blind2026,independent2026]

Trains as ``run.py`` does on a throwaway SQLite database, routes every set
once with thresholds off, and prints the figures for a grid of thresholds,
next to the ones training chose. Never run it on a set still to be run blind.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent / "src"))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/tune.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")

SPENT = ("holdout", "unseen", "blind2026", "independent2026")


def main() -> None:
    import argparse
    import dataclasses

    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", default=",".join(SPENT))
    parser.add_argument("--dump", help="write every inquiry's outcome to this file")
    parser.add_argument(
        "--exclude",
        default="",
        help="leave these sets out of the training data (data/evaluated.jsonl), to measure on them",
    )
    options = parser.parse_args()
    wanted = options.sets.split(",")
    dump = open(options.dump, "w", encoding="utf-8") if options.dump else None  # noqa: SIM115
    assert set(wanted) <= set(SPENT), "only spent sets may be tuned on"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from indgang.cases.routing import router
    from indgang.demo.services import load_teams

    load_teams()
    router.prepare()
    from indgang.cases.routing import classifier

    excluded = {name for name in options.exclude.split(",") if name}
    if excluded:
        rows = [
            json.loads(line)
            for line in (router.DATA / "evaluated.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        kept = [
            (classifier.Example(r["text"], r["administration"]), r.get("kle"))
            for r in rows
            if r["set"] not in excluded
        ]
        router.evaluated_examples = lambda: list(kept)  # type: ignore[assignment]
        print(f"trained without {', '.join(sorted(excluded))}: {len(kept)} evaluated examples")

    seen: list = []
    choose = classifier.choose_thresholds

    def capture(probabilities, labels, classes):  # type: ignore[no-untyped-def]
        seen.append((probabilities, list(labels), list(classes)))
        return choose(probabilities, labels, classes)

    classifier.choose_thresholds = capture  # type: ignore[assignment]
    trained = router.train()
    import numpy as np

    probabilities, labels, classes = seen[-1]
    order = np.argsort(-probabilities, axis=1)
    top = probabilities[np.arange(len(labels)), order[:, 0]]
    second = probabilities[np.arange(len(labels)), order[:, 1]]
    correct = np.array([classes[i] for i in order[:, 0]]) == np.array(labels)
    print(f"out-of-fold ({len(labels)} written examples): threshold margin coverage precision")
    for t in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
        for m in (0.0, 0.05, 0.1, 0.15):
            auto = (top >= t) & (top - second >= m)
            print(f"   {t:.2f} {m:.2f} {auto.mean():.3f} {correct[auto].mean():.3f}")
    print(f"chosen: threshold {trained.threshold}, margin {trained.margin}")
    loose = dataclasses.replace(trained, threshold=0.0, margin=0.0)
    loose.memory = trained.memory
    grid = [(t, m) for t in (0.3, 0.35, 0.4, 0.45, 0.5) for m in (0.0, 0.05, 0.1, 0.15)]
    grid.append((trained.threshold, trained.margin))
    totals = {g: [0, 0, 0] for g in grid}
    for name in wanted:
        rows = [
            json.loads(x) for x in (HERE / f"{name}.jsonl").read_text().splitlines() if x.strip()
        ]
        results = router.route_many([r["text"] for r in rows], model=loose)
        kle_right = sum(1 for row, r in zip(rows, results, strict=True) if r.kle == row.get("kle"))
        print(f"\n{name}: KLE top-1 {kle_right}/{len(rows)} = {kle_right / len(rows):.3f}")
        for row, r in zip(rows, results, strict=True) if dump else ():
            mark = "ok" if r.administration == row["administration"] else "XX"
            kmark = "k" if r.kle == row.get("kle") else "-"
            probs = [s[1] for s in r.suggestions] + [0.0, 0.0]
            print(
                f"{name[:5]} {mark} {kmark} {row['administration']}>{r.administration} "
                f"{probs[0]:.2f}/{probs[1]:.2f} {row.get('kle')}>{r.kle} {r.kle_title[:30]!r}"
                f" | {row['text']}",
                file=dump,
            )
        print(f"\n{name} ({len(rows)})   threshold margin  auto-routed  correct-among-auto")
        for t, m in grid:
            auto = right = 0
            for row, r in zip(rows, results, strict=True):
                probs = [s[1] for s in r.suggestions] + [0.0, 0.0]
                ok = r.routed_by == "rule" or (
                    r.auto and probs[0] >= t and probs[0] - probs[1] >= m
                )
                if ok:
                    auto += 1
                    right += r.administration == row["administration"]
            totals[(t, m)][0] += len(rows)
            totals[(t, m)][1] += auto
            totals[(t, m)][2] += right
            share, precision = auto / len(rows), right / max(1, auto)
            print(f"{'':24}{t:>5.2f} {m:>6.2f}  {share:>10.3f}  {precision:>10.3f}")
    print("\nall sets together")
    for (t, m), (n, auto, right) in totals.items():
        print(f"{'':24}{t:>5.2f} {m:>6.2f}  {auto / n:>10.3f}  {right / max(1, auto):>10.3f}")


if __name__ == "__main__":
    main()
