"""A layered (Sugiyama-style) left-to-right drawing of a process map as SVG shapes.

1. Ranks: longest path from the start over the map with its back edges (loops)
   removed, visiting frequent edges first. Rank = column, start left, end right.
2. Order within a column: barycentre sweeps (left-to-right on predecessors,
   right-to-left on successors), a few rounds, to cut crossings.
3. Coordinates: columns as wide as their widest node, nodes stacked and centred.
   Forward edges are horizontal Béziers between facing sides; back edges
   (rework, loops) swing below both nodes and are drawn in another colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from indgang.mining.engine.processmap import END_ID, START_ID, MapEdge, MapNode, ProcessMap

NODE_HEIGHT = 44
ROW = 96  # top-down: distance between ranks
ROW_GAP = 26
COLUMN_GAP = 90
MARGIN = 30
CHAR_WIDTH = 7.2
MIN_WIDTH, MAX_WIDTH = 70, 230
SWEEPS = 4


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


def _ranks(pmap: ProcessMap) -> tuple[dict[int, int], set[tuple[int, int]]]:
    out: dict[int, list[MapEdge]] = {}
    for edge in sorted(pmap.edges, key=lambda e: -e.count):
        out.setdefault(edge.source, []).append(edge)
    # Depth-first from the start: an edge to a node on the current path is a loop.
    on_path: set[int] = set()
    done: set[int] = set()
    forward: list[MapEdge] = []
    stack: list[tuple[int, int]] = [(START_ID, 0)]
    on_path.add(START_ID)
    while stack:  # iterative DFS (maps can be deep)
        node, index = stack[-1]
        edges = out.get(node, [])
        if index >= len(edges):
            stack.pop()
            on_path.discard(node)
            done.add(node)
            continue
        stack[-1] = (node, index + 1)
        edge = edges[index]
        if edge.target in on_path:
            continue
        forward.append(edge)
        if edge.target not in done:
            on_path.add(edge.target)
            stack.append((edge.target, 0))
    rank = {node.id: 0 for node in pmap.nodes}
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
    return rank, {(e.source, e.target) for e in forward}


def _short(label: str) -> str:
    limit = int(MAX_WIDTH / CHAR_WIDTH) - 3
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _order(pmap: ProcessMap, rank: dict[int, int]) -> dict[int, list[int]]:
    by_id = {node.id: node for node in pmap.nodes}
    columns: dict[int, list[int]] = {}
    for node in sorted(pmap.nodes, key=lambda n: -n.count):
        columns.setdefault(rank[node.id], []).append(node.id)
    preds: dict[int, list[tuple[int, int]]] = {}
    succs: dict[int, list[tuple[int, int]]] = {}
    for edge in pmap.edges:
        preds.setdefault(edge.target, []).append((edge.source, edge.count))
        succs.setdefault(edge.source, []).append((edge.target, edge.count))
    position = {n: float(i) for ids in columns.values() for i, n in enumerate(ids)}

    def barycentre(node: int, neighbours: dict[int, list[tuple[int, int]]]) -> float:
        weighted = [(position[m], w) for m, w in neighbours.get(node, []) if m != node]
        total = sum(w for _, w in weighted)
        return sum(p * w for p, w in weighted) / total if total else position[node]

    levels = sorted(columns)
    for sweep in range(SWEEPS):
        forward = sweep % 2 == 0
        for level in levels[1:] if forward else levels[-2::-1]:
            neighbours = preds if forward else succs
            columns[level].sort(key=lambda n: (barycentre(n, neighbours), -by_id[n].count))
            for index, node_id in enumerate(columns[level]):
                position[node_id] = float(index)
    return columns


def layout(pmap: ProcessMap, orientation: str = "auto") -> Drawing:
    """Left to right, or top down when that fits a page better (long chains)."""
    rank, _forward = _ranks(pmap)
    columns = _order(pmap, rank)
    if orientation == "auto":
        wide = _place(pmap, rank, columns, horizontal=True)
        tall = _place(pmap, rank, columns, horizontal=False)

        # The page is about 16:10; pick the drawing that loses least when fitted to it.
        def fitted(d: Drawing) -> float:
            return min(1.0, 1.6 * d.height / d.width) * min(1.0, d.width / (1.6 * d.height))

        return wide if fitted(wide) >= fitted(tall) else tall
    return _place(pmap, rank, columns, horizontal=orientation == "horizontal")


def _place(
    pmap: ProcessMap, rank: dict[int, int], columns: dict[int, list[int]], *, horizontal: bool
) -> Drawing:
    by_id = {node.id: node for node in pmap.nodes}
    widths = {
        n.id: min(MAX_WIDTH, max(MIN_WIDTH, len(_short(n.label)) * CHAR_WIDTH + 24))
        for n in pmap.nodes
    }
    placed: dict[int, PlacedNode] = {}
    width: float
    height: float
    if horizontal:
        column_width = {level: max(widths[n] for n in ids) for level, ids in columns.items()}
        tallest = max((len(ids) for ids in columns.values()), default=1)
        inner = float(tallest * NODE_HEIGHT + (tallest - 1) * ROW_GAP)
        x = float(MARGIN)
        for level in sorted(columns):
            ids = columns[level]
            height = len(ids) * NODE_HEIGHT + (len(ids) - 1) * ROW_GAP
            y = MARGIN + (inner - height) / 2
            for node_id in ids:
                offset = (column_width[level] - widths[node_id]) / 2
                placed[node_id] = _node(by_id[node_id], x + offset, y, widths[node_id])
                y += NODE_HEIGHT + ROW_GAP
            x += column_width[level] + COLUMN_GAP
        width, height = x - COLUMN_GAP + MARGIN, MARGIN * 2 + inner
    else:
        row_width = {
            level: sum(widths[n] for n in ids) + ROW_GAP * (len(ids) - 1)
            for level, ids in columns.items()
        }
        inner = float(max(row_width.values(), default=MIN_WIDTH))
        for level, ids in columns.items():
            x = MARGIN + (inner - row_width[level]) / 2
            for node_id in ids:
                placed[node_id] = _node(by_id[node_id], x, MARGIN + level * ROW, widths[node_id])
                x += widths[node_id] + ROW_GAP
        width = MARGIN * 2 + inner
        height = MARGIN * 2 + (max(columns, default=0)) * ROW + NODE_HEIGHT
    top = max((e.count for e in pmap.edges), default=1)
    edges = []
    far: float = height - MARGIN if horizontal else width - MARGIN
    for edge in pmap.edges:
        a, b = placed[edge.source], placed[edge.target]
        line = 1.2 + 6 * edge.count / top
        span = abs(rank[edge.source] - rank[edge.target])
        if rank[edge.target] > rank[edge.source]:
            if horizontal:
                ax, ay = a.x + a.width, a.y + NODE_HEIGHT / 2
                bx, by = b.x - 6, b.y + NODE_HEIGHT / 2
                mid = (ax + bx) / 2
                path = (
                    f"M{ax:.1f},{ay:.1f} C{mid:.1f},{ay:.1f} {mid:.1f},{by:.1f} {bx:.1f},{by:.1f}"
                )
                label = (mid, (ay + by) / 2 - 4)
            else:
                ax, ay = a.x + a.width / 2, a.y + NODE_HEIGHT
                bx, by = b.x + b.width / 2, b.y - 6
                mid = (ay + by) / 2
                path = (
                    f"M{ax:.1f},{ay:.1f} C{ax:.1f},{mid:.1f} {bx:.1f},{mid:.1f} {bx:.1f},{by:.1f}"
                )
                label = ((ax + bx) / 2 + 14, mid + 4)
            edges.append(PlacedEdge(edge, path, label[0], label[1], line, back=False))
        elif edge.source == edge.target:
            cx, ty = a.x + a.width / 2, a.y
            path = (
                f"M{cx - 14:.1f},{ty:.1f} C{cx - 24:.1f},{ty - 30:.1f} "
                f"{cx + 24:.1f},{ty - 30:.1f} {cx + 14:.1f},{ty - 4:.1f}"
            )
            edges.append(PlacedEdge(edge, path, cx + 18, ty - 20, line, back=True))
        elif horizontal:
            # Backward flows swing below both nodes.
            ax, ay = a.x + a.width / 2, a.y + NODE_HEIGHT
            bx, by = b.x + b.width / 2, b.y + NODE_HEIGHT + 6
            swing = max(ay, by) + 30 + 6 * span
            far = max(far, swing)
            path = (
                f"M{ax:.1f},{ay:.1f} C{ax:.1f},{swing:.1f} {bx:.1f},{swing:.1f} {bx:.1f},{by:.1f}"
            )
            edges.append(PlacedEdge(edge, path, (ax + bx) / 2, swing - 18, line, back=True))
        else:
            # Backward flows swing out to the right of both nodes.
            ax, ay = a.x + a.width, a.y + NODE_HEIGHT / 2
            bx, by = b.x + b.width + 6, b.y + NODE_HEIGHT / 2
            swing = max(ax, bx) + 40 + 8 * span
            far = max(far, swing)
            path = (
                f"M{ax:.1f},{ay:.1f} C{swing:.1f},{ay:.1f} {swing:.1f},{by:.1f} {bx:.1f},{by:.1f}"
            )
            edges.append(PlacedEdge(edge, path, swing - 10, (ay + by) / 2, line, back=True))
    if horizontal:
        height = max(height, far + MARGIN)
    else:
        width = max(width, far + MARGIN + 40)
    return Drawing(width, height, list(placed.values()), edges)


def _node(node: MapNode, x: float, y: float, width: float) -> PlacedNode:
    return PlacedNode(node.id, node.kind, node.label, _short(node.label), node.count, x, y, width)
