"""The process map hides rare paths but stays connected from start to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from indgang.mining.engine import ProcessMap, process_map, read_xes, summarise
from indgang.mining.engine.processmap import END_ID, START_ID
from indgang.mining.tests.eventlogs import MUNICIPAL, all_logs, log_name

PATHS = [p for p in all_logs() if log_name(p) in MUNICIPAL]


def reachable(graph: ProcessMap, root: int, forward: bool) -> set[int]:
    links: dict[int, list[int]] = {}
    for edge in graph.edges:
        near, far = (edge.source, edge.target) if forward else (edge.target, edge.source)
        links.setdefault(near, []).append(far)
    seen, stack = {root}, [root]
    while stack:
        for nxt in links.get(stack.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


@pytest.mark.parametrize("path", PATHS, ids=log_name)
def test_every_percentage_keeps_the_map_connected(path: Path) -> None:
    summary = summarise(read_xes(path, attributes="standard"))
    full = process_map(summary, 100)
    assert full.hidden_edges == 0
    assert len(full.edges) == len(summary.dfg) + len(summary.start) + len(summary.end)
    previous = -1
    for percentage in (0, 5, 20, 50, 80, 100):
        graph = process_map(summary, percentage)
        activities = {n.id for n in graph.nodes if n.kind == "activity"}
        assert activities <= reachable(graph, START_ID, forward=True)
        assert activities <= reachable(graph, END_ID, forward=False)
        frequent = [e for e in graph.edges if not e.kept_for_connectivity]
        assert len(frequent) >= previous  # more paths as the slider goes up
        previous = len(frequent)
        assert graph.to_dict()["edges"][0].keys() >= {"from", "to", "from_label", "count"}


def test_the_kept_paths_carry_the_requested_share_of_flow() -> None:
    path = next(p for p in all_logs() if log_name(p) == "receipt_WABO")
    summary = summarise(read_xes(path, attributes="standard"))
    total = sum(e.count for e in process_map(summary, 100).edges)
    graph = process_map(summary, 50)
    frequent = sorted(
        (e for e in graph.edges if not e.kept_for_connectivity), key=lambda e: -e.count
    )
    carried = sum(e.count for e in frequent)
    assert carried >= total / 2
    assert carried - frequent[-1].count < total / 2  # and no more paths than needed


@pytest.mark.parametrize("bad", [-1, 100.5, float("nan")])
def test_a_percentage_outside_0_to_100_is_refused(bad: float) -> None:
    path = next(p for p in all_logs() if log_name(p) == "receipt_WABO")
    summary = summarise(read_xes(path, attributes="standard"))
    with pytest.raises(ValueError):
        process_map(summary, bad)
