"""A seeded synthetic event log that looks like a municipal permit process.

20 activities, optional steps, rework loops ("request missing documents" ->
"receive documents" -> assess again; "revise decision"), cancellations, and
~40 resources in teams. Cases walk a Markov chain (all cases advance together,
vectorised with NumPy), waits are log-normal per activity, and the CSV is
ordered by timestamp as case-system exports usually are.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import polars as pl

ACTIVITIES = [
    "Receive application",  # 0
    "Register application",  # 1
    "Check completeness",  # 2
    "Request missing documents",  # 3
    "Receive documents",  # 4
    "Assess application",  # 5
    "Consult fire service",  # 6
    "Consult environment team",  # 7
    "Site visit",  # 8
    "Calculate fee",  # 9
    "Draft decision",  # 10
    "Review decision",  # 11
    "Revise decision",  # 12
    "Approve decision",  # 13
    "Send decision",  # 14
    "Receive payment",  # 15
    "Send reminder",  # 16
    "Close case",  # 17
    "Cancel application",  # 18
    "Archive case",  # 19
]
END = len(ACTIVITIES)  # absorbing state

# Transition probabilities (rows sum to 1; END column last).
_T: dict[int, dict[int, float]] = {
    0: {1: 1.0},
    1: {2: 1.0},
    2: {3: 0.35, 5: 0.60, 18: 0.05},
    3: {4: 0.85, 16: 0.10, 18: 0.05},
    4: {2: 0.70, 5: 0.30},  # rework: check completeness again
    5: {6: 0.20, 7: 0.15, 8: 0.10, 9: 0.50, 3: 0.05},
    6: {7: 0.30, 9: 0.60, 8: 0.10},
    7: {9: 0.85, 8: 0.15},
    8: {9: 0.90, 5: 0.10},
    9: {10: 1.0},
    10: {11: 1.0},
    11: {13: 0.70, 12: 0.30},
    12: {11: 1.0},  # rework loop: revise and review again
    13: {14: 1.0},
    14: {15: 0.80, 16: 0.20},
    15: {17: 1.0},
    16: {15: 0.60, 4: 0.25, 18: 0.15},
    17: {19: 0.70, END: 0.30},
    18: {19: 0.50, END: 0.50},
    19: {END: 1.0},
}
# Median wait before each activity (seconds) and spread of the log-normal.
_WAIT_MEDIAN = np.array(
    [
        0,
        600,
        86400,
        3600,
        7 * 86400,
        2 * 86400,
        5 * 86400,
        3 * 86400,
        9 * 86400,
        4 * 3600,
        86400,
        2 * 86400,
        86400,
        6 * 3600,
        3600,
        14 * 86400,
        21 * 86400,
        86400,
        3600,
        30 * 86400,
    ],
    dtype=np.float64,
)
_WAIT_SIGMA = 1.1
# Teams: activity -> range of resource numbers.
_TEAM = [
    (0, 1),
    (1, 6),
    (1, 6),
    (1, 6),
    (1, 6),
    (6, 18),
    (18, 22),
    (22, 26),
    (6, 18),
    (26, 30),
    (6, 18),
    (30, 34),
    (6, 18),
    (30, 34),
    (1, 6),
    (34, 37),
    (34, 37),
    (1, 6),
    (1, 6),
    (37, 40),
]


def _transition_matrix() -> npt.NDArray[np.float64]:
    matrix = np.zeros((END, END + 1))
    for source, targets in _T.items():
        for target, p in targets.items():
            matrix[source, target] = p
    assert np.allclose(matrix.sum(axis=1), 1.0)
    return np.cumsum(matrix, axis=1)


def generate(n_events: int, seed: int = 7) -> pl.DataFrame:
    """About ``n_events`` events (a little more; the last cases are not cut)."""
    rng = np.random.default_rng(seed)
    cumulative = _transition_matrix()
    mean_length = 14.0  # measured for this chain; we simulate a few more cases and trim
    n_cases = max(1, int(n_events / mean_length * 1.1) + 10)
    case_start = rng.uniform(0, 365 * 86400, n_cases) + 1_704_067_200  # from 2024-01-01
    cases: list[npt.NDArray[np.int64]] = []
    acts: list[npt.NDArray[np.int64]] = []
    times: list[npt.NDArray[np.float64]] = []
    alive = np.arange(n_cases)
    state = np.zeros(n_cases, dtype=np.int64)
    clock = case_start.copy()
    for _ in range(200):  # loops end with probability 1; 200 is a safety cap
        if alive.size == 0:
            break
        current = state[alive]
        clock[alive] += rng.lognormal(np.log(np.maximum(_WAIT_MEDIAN[current], 1)), _WAIT_SIGMA)
        cases.append(alive)
        acts.append(current)
        times.append(clock[alive].copy())
        draws = rng.random(alive.size)
        nxt = (cumulative[current] < draws[:, None]).sum(axis=1)
        state[alive] = nxt
        alive = alive[nxt != END]
    case = np.concatenate(cases)
    activity = np.concatenate(acts)
    stamp = np.concatenate(times)
    # Keep whole cases, in case-number order, up to n_events events.
    per_case = np.bincount(case, minlength=n_cases)
    keep_cases = int(np.searchsorted(np.cumsum(per_case), n_events, side="right"))
    keep = case < max(keep_cases, 1)
    case, activity, stamp = case[keep], activity[keep], stamp[keep]
    low = np.array([t[0] for t in _TEAM])[activity]
    high = np.array([t[1] for t in _TEAM])[activity]
    resource = low + (rng.random(activity.size) * (high - low)).astype(np.int64)
    names = pl.Series(ACTIVITIES)
    frame = pl.DataFrame(
        {
            "case_id": pl.Series(case).cast(pl.String).str.zfill(8).str.pad_start(9, "C"),
            "activity": names.gather(pl.Series(activity)),
            "timestamp": pl.Series((stamp * 1_000_000).astype(np.int64)).cast(pl.Datetime("us")),
            "resource": pl.Series(resource)
            .cast(pl.String)
            .str.pad_start(3, "0")
            .str.pad_start(4, "R"),
        }
    )
    return frame.sort("timestamp", maintain_order=True)


def ensure_csv(directory: Path, n_events: int, seed: int = 7) -> Path:
    """Write (once) and return the CSV for this size and seed."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"synthetic_{n_events}_{seed}.csv"
    if not path.exists():
        partial = path.with_suffix(".partial")
        generate(n_events, seed).write_csv(partial, datetime_format="%Y-%m-%d %H:%M:%S")
        partial.rename(path)
    return path


if __name__ == "__main__":
    import sys

    print(ensure_csv(Path(sys.argv[1]), int(sys.argv[2])))
