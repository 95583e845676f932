"""Panels that apps downstream of cases add to the staff case page.

The page belongs to cases; what a panel shows belongs to the app that adds it
(messaging adds the message thread). An app adds its panel in ``ready()``;
the page puts each panel's context under its name, and the template
``cases/workspace/conversation.html`` shows the message panel in the conversation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from indgang.cases.models import Case

Panel = Callable[["HttpRequest", "Case"], dict[str, Any]]

_panels: dict[str, Panel] = {}


def add(name: str, panel: Panel) -> None:
    """Show ``panel(request, case)`` on the case page as ``name`` (the caller
    of the panel has checked the staff member's access to the case)."""
    _panels[name] = panel


def context(request: HttpRequest, case: Case) -> dict[str, Any]:
    return {name: panel(request, case) for name, panel in _panels.items()}
