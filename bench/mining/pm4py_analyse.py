"""pm4py computing what `indgang mining analyse PATH --json` computes (test/bench only: AGPL).

    python bench/mining/pm4py_analyse.py PATH

Prints one JSON object: cases, events, activities, dfg (count, mean_s, median_s,
sum_s per edge), start, end, variants and case_durations_s.
"""

from __future__ import annotations

import json
import statistics
import sys
import warnings

TS_FORMAT = "%Y-%m-%d %H:%M:%S"


def main(path: str) -> None:
    warnings.simplefilter("ignore")
    import pm4py

    if path.endswith((".csv", ".csv.gz")):
        import pandas as pd  # type: ignore[import-untyped]

        frame = pd.read_csv(path, dtype={"case_id": str, "activity": str, "resource": str})
        frame = pm4py.format_dataframe(
            frame,
            case_id="case_id",
            activity_key="activity",
            timestamp_key="timestamp",
            timest_format=TS_FORMAT,
        )
    else:
        frame = pm4py.read_xes(path)
    dfg, start, end = pm4py.discover_dfg(frame)
    performance, _, _ = pm4py.discover_performance_dfg(frame)
    variants = pm4py.get_variants(frame)
    durations = pm4py.get_all_case_durations(frame)
    result = {
        "cases": len(durations),
        "events": len(frame),
        "activities": int(frame["concept:name"].nunique()),
        "dfg": [
            {
                "from": a,
                "to": b,
                "count": int(n),
                "mean_s": float(performance[(a, b)]["mean"]),
                "median_s": float(performance[(a, b)]["median"]),
                "sum_s": float(performance[(a, b)]["sum"]),
            }
            for (a, b), n in dfg.items()
        ],
        "start": {k: int(v) for k, v in start.items()},
        "end": {k: int(v) for k, v in end.items()},
        "variants": [{"activities": list(v), "count": int(n)} for v, n in variants.items()],
        "case_durations_s": {
            "min": float(min(durations)),
            "max": float(max(durations)),
            "mean": float(statistics.fmean(durations)),
            "median": float(statistics.median(durations)),
        },
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
