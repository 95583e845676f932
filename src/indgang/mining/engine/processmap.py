"""Process map: the DFG with rare paths hidden, ready to draw and to list as a table.

``path_percentage`` works like the paths slider in Disco/ProM's fuzzy maps:
100 shows every path; lower values keep the most frequent paths (including the
flows from the start and into the end) until they carry that percentage of all
flow, then add back the most frequent path into and out of every activity that
would otherwise be cut off, so the map stays connected from start to end.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from typing import Any

from .analysis import ProcessSummary

START_ID = 0
END_ID = 1


@dataclass(frozen=True)
class MapNode:
    id: int
    kind: str  # "start" | "end" | "activity"
    label: str
    count: int


@dataclass(frozen=True)
class MapEdge:
    source: int
    target: int
    count: int
    mean_s: float | None  # None for flows from the start or into the end
    median_s: float | None
    kept_for_connectivity: bool


@dataclass(frozen=True)
class ProcessMap:
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    path_percentage: float
    hidden_edges: int

    def to_dict(self) -> dict[str, Any]:
        labels = {n.id: n.label for n in self.nodes}
        return {
            "path_percentage": self.path_percentage,
            "hidden_edges": self.hidden_edges,
            "nodes": [
                {"id": n.id, "kind": n.kind, "label": n.label, "count": n.count} for n in self.nodes
            ],
            "edges": [
                {
                    "from": e.source,
                    "to": e.target,
                    "from_label": labels[e.source],
                    "to_label": labels[e.target],
                    "count": e.count,
                    "mean_s": e.mean_s,
                    "median_s": e.median_s,
                    "kept_for_connectivity": e.kept_for_connectivity,
                }
                for e in self.edges
            ],
        }


def process_map(summary: ProcessSummary, path_percentage: float = 100.0) -> ProcessMap:
    """Nodes and edges kept at ``path_percentage`` (0-100) of the flow."""
    if not 0 <= path_percentage <= 100 or math.isnan(path_percentage):
        raise ValueError(f"path_percentage must be within 0..100, not {path_percentage}")
    nodes = [
        MapNode(START_ID, "start", "start", summary.cases),
        MapNode(END_ID, "end", "end", summary.cases),
    ]
    ids: dict[str, int] = {}
    for activity, count in sorted(summary.activity_counts.items(), key=lambda i: (-i[1], i[0])):
        ids[activity] = len(nodes)
        nodes.append(MapNode(len(nodes), "activity", activity, count))

    # (source, target) -> (count, mean, median); start/end flows have no duration.
    candidates: list[tuple[int, int, int, float | None, float | None]] = []
    candidates += [(START_ID, ids[a], n, None, None) for a, n in summary.start.items()]
    candidates += [(ids[a], END_ID, n, None, None) for a, n in summary.end.items()]
    candidates += [
        (ids[e.source], ids[e.target], e.count, e.mean_s, e.median_s) for e in summary.dfg
    ]
    # Most frequent first; ties by node order so the result is deterministic.
    candidates.sort(key=lambda c: (-c[2], c[0], c[1]))
    total = sum(c[2] for c in candidates)
    target = total * path_percentage / 100
    kept: dict[tuple[int, int], bool] = {}
    carried = 0
    for source, dest, count, _, _ in candidates:
        if carried >= target and path_percentage < 100:
            break
        kept[(source, dest)] = False
        carried += count

    # Connectivity: every activity reachable from the start and able to reach the end.
    _connect(kept, candidates, START_ID, [n.id for n in nodes[2:]], forward=True)
    _connect(kept, candidates, END_ID, [n.id for n in nodes[2:]], forward=False)
    edges = tuple(
        MapEdge(s, d, n, mean, median, kept[(s, d)])
        for s, d, n, mean, median in candidates
        if (s, d) in kept
    )
    return ProcessMap(
        nodes=tuple(nodes),
        edges=edges,
        path_percentage=float(path_percentage),
        hidden_edges=len(candidates) - len(edges),
    )


def _connect(
    kept: dict[tuple[int, int], bool],
    candidates: list[tuple[int, int, int, float | None, float | None]],
    root: int,
    activities: list[int],
    *,
    forward: bool,
) -> None:
    """Add the most frequent missing edges until every activity is linked to ``root``.

    Prim-style: a heap holds the candidate edges leaving the reached set, best first.
    """

    def ends(edge: tuple[int, int]) -> tuple[int, int]:
        return edge if forward else (edge[1], edge[0])

    kept_from: dict[int, list[int]] = {}
    for edge in kept:
        near, far = ends(edge)
        kept_from.setdefault(near, []).append(far)
    options_from: dict[int, list[tuple[int, int]]] = {}
    for rank, candidate in enumerate(candidates):  # candidates are sorted best first
        near, _ = ends((candidate[0], candidate[1]))
        options_from.setdefault(near, []).append((rank, 0))
    heap: list[int] = []
    reached: set[int] = set()

    def reach(node: int) -> None:
        stack = [node]
        reached.add(node)
        while stack:
            current = stack.pop()
            for rank, _ in options_from.get(current, []):
                heapq.heappush(heap, rank)
            for nxt in kept_from.get(current, []):
                if nxt not in reached:
                    reached.add(nxt)
                    stack.append(nxt)

    reach(root)
    missing = set(activities) - reached
    while missing and heap:
        candidate = candidates[heapq.heappop(heap)]
        edge = (candidate[0], candidate[1])
        near, far = ends(edge)
        if far in reached:
            continue
        kept.setdefault(edge, True)
        kept_from.setdefault(near, []).append(far)
        reach(far)
        missing -= reached
