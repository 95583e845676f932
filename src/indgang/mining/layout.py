"""A layered drawing of a process map as SVG shapes (no Graphviz needed).

Ranks come from the longest path from the start over the map with its back
edges (loops) removed, visiting frequent edges first; nodes within a rank are
ordered by the mean position of their predecessors to cut crossings.
"""

from __future__ import annotations

from dataclasses import dataclass

from indgang.mining.engine.processmap import END_ID, START_ID, MapEdge, ProcessMap

ROW = 110
NODE_HEIGHT = 44
GAP = 40
MARGIN = 30
CHAR_WIDTH = 7.2
MIN_WIDTH, MAX_WIDTH = 90, 260


@dataclass(frozen=True)
class PlacedNode:
    id: int
    kind: str
    label: str
    short_label: str
    count: int
    x: float
    y: float
    width: float


@dataclass(frozen=True)
class PlacedEdge:
    edge: MapEdge
    path: str
    label_x: float
    label_y: float
    width: float
    back: bool


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    nodes: list[PlacedNode]
    edges: list[PlacedEdge]


def _ranks(pmap: ProcessMap) -> dict[int, int]:
    out: dict[int, list[MapEdge]] = {}
    for edge in sorted(pmap.edges, key=lambda e: -e.count):
        out.setdefault(edge.source, []).append(edge)
    # Depth-first from the start: an edge to a node on the current path is a loop.
    on_path: set[int] = set()
    done: set[int] = set()
    forward: list[MapEdge] = []

    def visit(node: int) -> None:
        on_path.add(node)
        for edge in out.get(node, []):
            if edge.target in on_path:
                continue
            forward.append(edge)
            if edge.target not in done:
                visit(edge.target)
        on_path.discard(node)
        done.add(node)

    visit(START_ID)
    rank = {node.id: 0 for node in pmap.nodes}
    # Longest path over the acyclic forward edges (relax until stable).
    for _ in range(len(pmap.nodes)):
        changed = False
        for edge in forward:
            if edge.target != END_ID and rank[edge.target] < rank[edge.source] + 1:
                rank[edge.target] = rank[edge.source] + 1
                changed = True
        if not changed:
            break
    rank[START_ID] = 0
    rank[END_ID] = max((r for n, r in rank.items() if n != END_ID), default=0) + 1
    return rank


def _short(label: str) -> str:
    limit = int(MAX_WIDTH / CHAR_WIDTH) - 2
    return label if len(label) <= limit else label[: limit - 1] + "…"


def layout(pmap: ProcessMap) -> Drawing:
    rank = _ranks(pmap)
    by_id = {node.id: node for node in pmap.nodes}
    rows: dict[int, list[int]] = {}
    for node in pmap.nodes:
        rows.setdefault(rank[node.id], []).append(node.id)
    preds: dict[int, list[int]] = {}
    for edge in pmap.edges:
        preds.setdefault(edge.target, []).append(edge.source)
    order: dict[int, float] = {}
    for level in sorted(rows):

        def barycentre(node_id: int) -> float:
            positions = [order[p] for p in preds.get(node_id, []) if p in order]
            return sum(positions) / len(positions) if positions else 0.0

        rows[level].sort(key=lambda n: (barycentre(n), -by_id[n].count))
        for index, node_id in enumerate(rows[level]):
            order[node_id] = index

    widths = {
        n.id: min(MAX_WIDTH, max(MIN_WIDTH, len(_short(n.label)) * CHAR_WIDTH + 24))
        for n in pmap.nodes
    }
    row_widths = {
        level: sum(widths[n] for n in ids) + GAP * (len(ids) - 1) for level, ids in rows.items()
    }
    canvas = max(row_widths.values(), default=MIN_WIDTH) + 2 * MARGIN + 140
    placed: dict[int, PlacedNode] = {}
    for level, ids in rows.items():
        x = (canvas - 140 - row_widths[level]) / 2
        for node_id in ids:
            node = by_id[node_id]
            placed[node_id] = PlacedNode(
                node.id,
                node.kind,
                node.label,
                _short(node.label),
                node.count,
                x,
                MARGIN + level * ROW,
                widths[node_id],
            )
            x += widths[node_id] + GAP
    top = max((e.count for e in pmap.edges), default=1)
    edges = []
    for edge in pmap.edges:
        a, b = placed[edge.source], placed[edge.target]
        width = 1.5 + 6 * edge.count / top
        ax, bx = a.x + a.width / 2, b.x + b.width / 2
        if rank[edge.target] > rank[edge.source]:
            ay, by = a.y + NODE_HEIGHT, b.y
            mid = (ay + by) / 2
            path = (
                f"M{ax:.1f},{ay:.1f} C{ax:.1f},{mid:.1f} {bx:.1f},{mid:.1f} {bx:.1f},{by - 6:.1f}"
            )
            edges.append(PlacedEdge(edge, path, (ax + bx) / 2 + 6, mid, width, back=False))
        else:
            # Loops and backward flows swing out to the right of both nodes.
            ax, bx = a.x + a.width, b.x + b.width
            ay, by = a.y + NODE_HEIGHT / 2, b.y + NODE_HEIGHT / 2
            swing = max(ax, bx) + 50 + 10 * abs(rank[edge.source] - rank[edge.target])
            path = (
                f"M{ax:.1f},{ay:.1f} C{swing:.1f},{ay:.1f} "
                f"{swing:.1f},{by:.1f} {bx + 6:.1f},{by:.1f}"
            )
            edges.append(PlacedEdge(edge, path, swing - 20, (ay + by) / 2, width, back=True))
    height = MARGIN * 2 + (max(rank.values(), default=0) + 1) * ROW
    return Drawing(canvas, height, list(placed.values()), edges)
