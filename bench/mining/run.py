#!/usr/bin/env python
"""`indgang mining analyse` against pm4py, whole process, on every log we hold.

    .venv/bin/python bench/mining/run.py                 # eventlogs + synthetic 0.1 M, 1 M, 10 M
    .venv/bin/python bench/mining/run.py --sizes 100000  # quicker
    .venv/bin/python bench/mining/run.py --no-pm4py-above 1000000  # pm4py not on 10 M

Each measurement is a whole process, start-up included:
``indgang mining analyse PATH --json`` (reads the log, DFG with performance,
start/end, variants, case durations *and* the findings) against
``python bench/mining/pm4py_analyse.py PATH`` (pm4py computing the same results,
without findings). Runs alternate (pm4py, Indgang, pm4py, ...), ``--repeat``
times each; the table shows medians of wall time and the peak RSS of each
process (os.wait4). The results of the two are compared (cases, events, DFG
counts, start/end, variants, case durations; performance within 1e-9 relative).
Logs come from ../shared/data/eventlogs (or $INDGANG_EVENTLOGS); synthetic
CSVs are generated once (seeded) into bench/mining/.data.
Targets: >= 5x faster on every log; 10 M events <= 20 s and <= 3 GB.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
GB = 1024**3
TS_FORMAT = "%Y-%m-%d %H:%M:%S"


def eventlogs_dir() -> Path:
    configured = os.environ.get("INDGANG_EVENTLOGS")
    return Path(configured) if configured else REPO.parent / "shared" / "data" / "eventlogs"


def indgang_command(path: Path) -> list[str]:
    command = [str(Path(sys.executable).with_name("indgang")), "mining", "analyse", str(path)]
    if path.name.endswith((".csv", ".csv.gz")):
        command += ["--resource-column", "resource", "--timestamp-format", TS_FORMAT]
    return [*command, "--json"]


def pm4py_command(path: Path) -> list[str]:
    return [sys.executable, str(HERE / "pm4py_analyse.py"), str(path)]


def run(command: list[str]) -> tuple[float, int, float, str]:
    """(wall seconds, peak RSS bytes, CPU seconds, stdout) of one whole process."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "TQDM_DISABLE": "1"}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{err.read()[-3000:]}")
        return wall, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime, out.read()


def same_results(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if (a["cases"], a["events"], a["activities"]) != (b["cases"], b["events"], b["activities"]):
        return False
    if a["start"] != b["start"] or a["end"] != b["end"]:
        return False
    edges_a = {(e["from"], e["to"]): e for e in a["dfg"]}
    edges_b = {(e["from"], e["to"]): e for e in b["dfg"]}
    if edges_a.keys() != edges_b.keys():
        return False
    for key, edge in edges_a.items():
        other = edges_b[key]
        if edge["count"] != other["count"]:
            return False
        for field in ("mean_s", "median_s", "sum_s"):
            if not math.isclose(edge[field], other[field], rel_tol=1e-9, abs_tol=1e-6):
                return False
    variants_a = sorted((tuple(v["activities"]), v["count"]) for v in a["variants"])
    variants_b = sorted((tuple(v["activities"]), v["count"]) for v in b["variants"])
    if variants_a != variants_b:
        return False
    return all(
        math.isclose(a["case_durations_s"][k], b["case_durations_s"][k], rel_tol=1e-9)
        for k in ("min", "max", "mean", "median")
    )


def measure(path: Path, repeat: int, with_pm4py: bool) -> dict[str, Any]:
    label = path.name
    walls: dict[str, list[float]] = {"pm4py": [], "indgang": []}
    peaks: dict[str, list[int]] = {"pm4py": [], "indgang": []}
    cpus: dict[str, list[float]] = {"pm4py": [], "indgang": []}
    outputs: dict[str, str] = {}
    for round_ in range(repeat):
        for tool in ("pm4py", "indgang") if with_pm4py else ("indgang",):
            print(f"  … {label}: {tool} run {round_ + 1}/{repeat}", file=sys.stderr, flush=True)
            command = pm4py_command(path) if tool == "pm4py" else indgang_command(path)
            wall, peak, cpu, out = run(command)
            walls[tool].append(wall)
            peaks[tool].append(peak)
            cpus[tool].append(cpu)
            outputs.setdefault(tool, out)
    result: dict[str, Any] = {"log": label, "repeat": repeat}
    for tool in walls:
        if walls[tool]:
            result[tool] = {
                "wall_s": statistics.median(walls[tool]),
                "walls": walls[tool],
                "cpu_s": statistics.median(cpus[tool]),
                "peak_rss": max(peaks[tool]),
            }
    indgang = json.loads(outputs["indgang"])
    result["events"] = indgang["events"]
    if with_pm4py:
        result["same"] = same_results(indgang, json.loads(outputs["pm4py"]))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100000,1000000,10000000", help="synthetic events")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--logs", default="all", help="'all', 'none' or comma-separated names")
    parser.add_argument(
        "--no-pm4py-above", type=int, default=None, help="skip pm4py on larger synthetic logs"
    )
    parser.add_argument("--large-repeat", type=int, default=1, help="runs on 10 M and up")
    parser.add_argument("--data-dir", type=Path, default=HERE / ".data", help="synthetic CSVs")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()

    targets: list[tuple[Path, int, bool]] = []
    if args.logs != "none":
        wanted = None if args.logs == "all" else set(args.logs.split(","))
        for path in sorted(eventlogs_dir().glob("*")):
            if path.name.endswith((".xes", ".xes.gz", ".csv", ".csv.gz")) and (
                wanted is None or path.name.split(".")[0] in wanted
            ):
                targets.append((path, args.repeat, True))
    for size in (int(s) for s in args.sizes.split(",") if s):
        print(f"Preparing synthetic log of {size:,} events", file=sys.stderr)
        # In a child process: Linux carries a parent's peak RSS over into the
        # children it forks, so the parent must stay small for os.wait4's figures.
        made = subprocess.run(
            [sys.executable, str(HERE / "synthetic.py"), str(args.data_dir), str(size)],
            capture_output=True,
            text=True,
            check=True,
        )
        path = Path(made.stdout.strip().splitlines()[-1])
        large = size >= 10_000_000
        with_pm4py = args.no_pm4py_above is None or size <= args.no_pm4py_above
        targets.append((path, args.large_repeat if large else args.repeat, with_pm4py))

    results = [measure(path, repeat, with_pm4py) for path, repeat, with_pm4py in targets]

    print()
    print(
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"load average now {os.getloadavg()[0]:.1f} (other work on the machine slows both)"
    )
    header = (
        f"{'log':<46}{'events':>11}{'pm4py':>10}{'Indgang':>10}{'ratio':>8}"
        f"{'pm4py RSS':>11}{'Indgang RSS':>13}{'CPU ratio':>10}  same  target"
        f"{'':>4}Indgang CPU"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        ig = r["indgang"]
        pm = r.get("pm4py")
        ratio = pm["wall_s"] / ig["wall_s"] if pm else None
        cpu_ratio = pm["cpu_s"] / ig["cpu_s"] if pm else None
        targets_met = []
        if ratio is not None:
            targets_met.append(f">=5x {'yes' if ratio >= 5 else 'NO'}")
        if r["events"] >= 10_000_000:
            targets_met.append(f"<=20 s {'yes' if ig['wall_s'] <= 20 else 'NO'}")
            targets_met.append(f"<=3 GB {'yes' if ig['peak_rss'] <= 3 * GB else 'NO'}")
        pm_wall = f"{pm['wall_s']:.2f} s" if pm else "–"
        ig_wall = f"{ig['wall_s']:.2f} s"
        ratio_text = f"{ratio:.1f}x" if ratio else "–"
        pm_rss = f"{pm['peak_rss'] / GB:.2f} GB" if pm else "–"
        ig_rss = f"{ig['peak_rss'] / GB:.2f} GB"
        cpu_text = f"{cpu_ratio:.1f}x" if cpu_ratio else "–"
        same = ("yes" if r.get("same") else "NO") if pm else "–"
        print(
            f"{r['log']:<46}{r['events']:>11,}{pm_wall:>10}{ig_wall:>10}{ratio_text:>8}"
            f"{pm_rss:>11}{ig_rss:>13}{cpu_text:>10}  {same:<4}  {', '.join(targets_met):<24}"
            f"{ig['cpu_s']:.2f} s"
        )
    print()
    print(
        "Whole processes (start-up included), alternating, median wall time of the runs; "
        "Indgang includes the findings, pm4py does not compute them."
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
