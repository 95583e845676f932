"""The direction data flows between apps, upstream first.

An app may import the apps in the layers before its own, never those in its
own layer or after it: downstream apps call upstream services and queries,
upstream apps tell downstream ones what happened by publishing a domain event
(``indgang.core.events``). ``core/tests/test_direction.py`` enforces it, and
event subscribers run in this order (an upstream app's handler first).
"""

from __future__ import annotations

LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("registers",),
    ("identity",),
    ("notifications", "catalogue", "directory"),
    ("appointments",),
    ("selfservice",),
    ("cases",),
    ("messaging",),
    ("contacts",),
    ("assistant",),
    ("insights",),
    ("minside",),
    ("mining",),
    ("operations",),
    ("workspace",),
    ("demo",),
)

RANK: dict[str, int] = {app: rank for rank, layer in enumerate(LAYERS) for app in layer}


def app_of(module: str) -> str | None:
    """The app a dotted module path belongs to (``indgang.cases.services`` → cases)."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == "indgang" and parts[1] in RANK:
        return parts[1]
    return None


def may_import(importer: str, imported: str) -> bool:
    """Whether app ``importer`` may import app ``imported``."""
    return importer == imported or RANK[imported] < RANK[importer]
