from __future__ import annotations

from typing import Any

from django import template

from indgang.messaging import queries

register = template.Library()


def _unread(context: dict[str, Any]) -> int:
    """The citizen's unread messages, counted once per request (the menu and
    "Mit overblik" both show it)."""
    citizen = context.get("citizen")
    if not citizen:
        return 0
    request = context.get("request")
    counted: int | None = getattr(request, "_unread_messages", None)
    if counted is None:
        counted = queries.unread_count(citizen)
        if request is not None:
            request._unread_messages = counted
    return counted


@register.inclusion_tag("messaging/includes/nav_link.html", takes_context=True)
def messages_nav_link(context: dict[str, Any]) -> dict[str, Any]:
    """The "Beskeder" item of the header menu, with the unread count."""
    return {"unread": _unread(context)}


@register.inclusion_tag("messaging/includes/overview.html", takes_context=True)
def messages_overview(context: dict[str, Any]) -> dict[str, Any]:
    """The inbox box on "Mit overblik"."""
    return {"unread": _unread(context)}
