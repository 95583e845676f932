from __future__ import annotations

from typing import Any

from django import template

from indgang.messaging import queries

register = template.Library()


@register.inclusion_tag("messaging/includes/nav_link.html", takes_context=True)
def messages_nav_link(context: dict[str, Any]) -> dict[str, Any]:
    """The "Beskeder" item of the header menu, with the unread count."""
    citizen = context.get("citizen")
    return {"unread": queries.unread_count(citizen) if citizen else 0}


@register.inclusion_tag("messaging/includes/overview.html", takes_context=True)
def messages_overview(context: dict[str, Any]) -> dict[str, Any]:
    """The inbox box on "Mit overblik"."""
    citizen = context.get("citizen")
    return {"unread": queries.unread_count(citizen) if citizen else 0}
