#!/usr/bin/env python
"""Benchmark Indgang's process-mining engine against pm4py on this machine.

    .venv/bin/python bench/mining/run.py [--quick] [--json results.json]

Every measurement runs in its own subprocess, which reports its best wall time
over ``--repeat`` runs (imports excluded) and its own peak RSS
(getrusage(RUSAGE_SELF).ru_maxrss, imports included) — so pm4py and Indgang are
measured the same way, one after the other, on the same files.

1. Synthetic CSV (seeded, 1 M events; ``--quick``: 100 k), end to end:
   import + DFG + performance DFG + variants + case durations.
   Target: Indgang >= 5x faster than pm4py, lower peak memory; results must agree.
2. Road_Traffic_Fine XES import. Target: >= 6x faster than pm4py's default reader,
   its own parser (variant="iterparse"), which is what pm4py.read_xes runs when
   pm4py is installed by itself. pm4py also delegates to the optional Rust
   package rustxes when that is installed (a dev dependency here, not a runtime
   one of Indgang); that comparison is printed too.
3. Synthetic CSV, 10 M events (``--quick``: 1 M), Indgang alone, end to end.
   Target: <= 30 s and <= 4 GB peak.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "src"))

TS_FORMAT = "%Y-%m-%d %H:%M:%S"
GB = 1024**3


def eventlogs_dir() -> Path:
    configured = os.environ.get("INDGANG_EVENTLOGS")
    return Path(configured) if configured else REPO.parent / "shared" / "data" / "eventlogs"


# --------------------------------------------------------------------------- workers


def _pm4py_e2e() -> Callable[[str], dict[str, Any]]:
    import pandas as pd  # type: ignore[import-untyped]
    import pm4py

    def run(path: str) -> dict[str, Any]:
        frame = pd.read_csv(path, dtype={"case_id": str, "activity": str, "resource": str})
        frame = pm4py.format_dataframe(
            frame,
            case_id="case_id",
            activity_key="activity",
            timestamp_key="timestamp",
            timest_format=TS_FORMAT,
        )
        dfg, _start, _end = pm4py.discover_dfg(frame)
        performance, _, _ = pm4py.discover_performance_dfg(frame)
        variants = pm4py.get_variants(frame)
        durations = pm4py.get_all_case_durations(frame)
        return {
            "cases": len(durations),
            "edges": len(dfg),
            "steps": int(sum(dfg.values())),
            "variants": len(variants),
            "duration_sum_s": float(sum(durations)),
            "perf_sum_s": sum(float(p["sum"]) for p in performance.values()),
        }

    return run


def _indgang_e2e() -> Callable[[str], dict[str, Any]]:
    from indgang.mining.engine import CsvMapping, read_csv, summarise

    mapping = CsvMapping(resource="resource", timestamp_format=TS_FORMAT)

    def run(path: str) -> dict[str, Any]:
        log = read_csv(path, mapping)
        summary = summarise(log)
        return {
            "cases": summary.cases,
            "edges": len(summary.dfg),
            "steps": sum(e.count for e in summary.dfg),
            "variants": len(summary.variants),
            "duration_sum_s": summary.case_durations.mean_s * summary.cases,
            "perf_sum_s": sum(e.sum_s for e in summary.dfg),
        }

    return run


def _pm4py_xes(variant: str | None) -> Callable[[str], dict[str, Any]]:
    import pm4py

    def run(path: str) -> dict[str, Any]:
        frame = pm4py.read_xes(path, variant=variant) if variant else pm4py.read_xes(path)
        return {"events": len(frame), "columns": len(frame.columns)}

    return run


def _indgang_xes(attributes: str) -> Callable[[str], dict[str, Any]]:
    from indgang.mining.engine import read_xes

    def run(path: str) -> dict[str, Any]:
        log = read_xes(path, attributes=attributes)  # type: ignore[arg-type]
        return {"events": log.n_events, "columns": log.events.width}

    return run


def _rustxes() -> Callable[[str], dict[str, Any]]:
    import rustxes

    def run(path: str) -> dict[str, Any]:
        frame, _ = rustxes.import_xes(path)
        return {"events": frame.height, "columns": frame.width}

    return run


TASKS: dict[str, Callable[[], Callable[[str], dict[str, Any]]]] = {
    "pm4py-e2e": _pm4py_e2e,
    "indgang-e2e": _indgang_e2e,
    "pm4py-xes": lambda: _pm4py_xes(None),
    "pm4py-xes-iterparse": lambda: _pm4py_xes("iterparse"),
    "indgang-xes": lambda: _indgang_xes("all"),
    "indgang-xes-standard": lambda: _indgang_xes("standard"),
    "rustxes-xes": _rustxes,
}


def worker(task: str, path: str, repeat: int) -> None:
    warnings.simplefilter("ignore")
    run = TASKS[task]()
    times: list[float] = []
    check: dict[str, Any] = {}
    for _ in range(repeat):
        started = time.perf_counter()
        check = run(path)
        times.append(time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    print(
        json.dumps(
            {"task": task, "seconds": min(times), "times": times, "peak_rss": peak, "check": check}
        )
    )


# --------------------------------------------------------------------------- parent


def measure(task: str, path: Path, repeat: int) -> dict[str, Any]:
    print(f"  … {task} on {path.name} (x{repeat})", file=sys.stderr, flush=True)
    done = subprocess.run(
        [sys.executable, __file__, "--worker", task, str(path), "--repeat", str(repeat)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore", "TQDM_DISABLE": "1"},
    )
    if done.returncode != 0:
        raise SystemExit(f"{task} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def fmt_gb(size: float) -> str:
    return f"{size / GB:.2f} GB"


def verdict(ok: bool) -> str:
    return "yes" if ok else "NO"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller logs, fewer repeats")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--data-dir", type=Path, default=HERE / ".data", help="synthetic CSV cache")
    parser.add_argument("--worker", nargs=2, metavar=("TASK", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], args.worker[1], args.repeat)
        return

    import synthetic

    small, large = (100_000, 1_000_000) if args.quick else (1_000_000, 10_000_000)
    repeat = 1 if args.quick else 3
    print(
        f"Preparing synthetic logs ({small:,} and {large:,} events) in {args.data_dir}",
        file=sys.stderr,
    )
    small_csv = synthetic.ensure_csv(args.data_dir, small)
    large_csv = synthetic.ensure_csv(args.data_dir, large)
    road = eventlogs_dir() / "Road_Traffic_Fine_Management_Process.xes.gz"
    if not road.exists():
        raise SystemExit(f"{road} not found; set INDGANG_EVENTLOGS")

    results: dict[str, dict[str, Any]] = {}
    results["pm4py-e2e"] = measure("pm4py-e2e", small_csv, repeat)
    results["indgang-e2e"] = measure("indgang-e2e", small_csv, repeat)
    results["pm4py-xes"] = measure("pm4py-xes", road, repeat)
    results["indgang-xes"] = measure("indgang-xes", road, repeat)
    results["indgang-xes-standard"] = measure("indgang-xes-standard", road, repeat)
    results["rustxes-xes"] = measure("rustxes-xes", road, repeat)
    results["pm4py-xes-iterparse"] = measure("pm4py-xes-iterparse", road, 1)
    results["indgang-e2e-large"] = measure("indgang-e2e", large_csv, 1)

    pm, ig = results["pm4py-e2e"], results["indgang-e2e"]
    e2e_ratio = pm["seconds"] / ig["seconds"]
    agree = all(
        math.isclose(pm["check"][k], ig["check"][k], rel_tol=1e-9) for k in pm["check"]
    ) and all(pm["check"][k] == ig["check"][k] for k in ("cases", "edges", "steps", "variants"))
    own_parser = results["pm4py-xes-iterparse"]["seconds"]
    xes_ratio = own_parser / results["indgang-xes"]["seconds"]
    xes_std_ratio = own_parser / results["indgang-xes-standard"]["seconds"]
    rust_ratio = results["pm4py-xes"]["seconds"] / results["indgang-xes"]["seconds"]
    big = results["indgang-e2e-large"]

    import pm4py
    import polars

    print()
    print(
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"polars {polars.__version__}, pm4py {pm4py.__version__}"
    )
    print(f"{'measurement':<44}{'pm4py':>12}{'Indgang':>12}{'ratio':>9}  target / met")
    print("-" * 100)
    rows = [
        (
            f"synthetic {small:,} events, end to end",
            fmt_s(pm["seconds"]),
            fmt_s(ig["seconds"]),
            f"{e2e_ratio:.1f}x",
            f">= 5x: {verdict(e2e_ratio >= 5)}",
        ),
        (
            "  peak RSS",
            fmt_gb(pm["peak_rss"]),
            fmt_gb(ig["peak_rss"]),
            f"{pm['peak_rss'] / ig['peak_rss']:.1f}x",
            f"lower: {verdict(ig['peak_rss'] < pm['peak_rss'])}",
        ),
        ("  results identical (cases, DFG, variants, times)", "", "", "", verdict(agree)),
        (
            "Road_Traffic_Fine XES import, all attributes",
            fmt_s(own_parser),
            fmt_s(results["indgang-xes"]["seconds"]),
            f"{xes_ratio:.1f}x",
            f">= 6x vs pm4py's default reader: {verdict(xes_ratio >= 6)}",
        ),
        (
            "  vs pm4py.read_xes with rustxes installed",
            fmt_s(results["pm4py-xes"]["seconds"]),
            fmt_s(results["indgang-xes"]["seconds"]),
            f"{rust_ratio:.1f}x",
            "(no target)",
        ),
        (
            "  standard columns only (what analyse uses)",
            "",
            fmt_s(results["indgang-xes-standard"]["seconds"]),
            f"{xes_std_ratio:.1f}x",
            f">= 6x: {verdict(xes_std_ratio >= 6)}",
        ),
        (
            "  peak RSS (all attributes)",
            fmt_gb(results["pm4py-xes"]["peak_rss"]),
            fmt_gb(results["indgang-xes"]["peak_rss"]),
            "",
            "",
        ),
        (
            "  rustxes alone (what pm4py.read_xes calls when installed)",
            fmt_s(results["rustxes-xes"]["seconds"]),
            "",
            "",
            "",
        ),
    ]
    rows.append(
        (
            f"synthetic {large:,} events, end to end",
            "",
            fmt_s(big["seconds"]),
            "",
            f"<= 30 s: {verdict(big['seconds'] <= 30)}",
        )
    )
    rows.append(
        (
            "  peak RSS",
            "",
            fmt_gb(big["peak_rss"]),
            "",
            f"<= 4 GB: {verdict(big['peak_rss'] <= 4 * GB)}",
        )
    )
    for name, a, b, ratio, target in rows:
        print(f"{name:<44}{a:>12}{b:>12}{ratio:>9}  {target}")
    print()
    print(f"Times are the best of {repeat} run(s) per process; peak RSS includes imports.")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
