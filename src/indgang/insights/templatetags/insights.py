"""Survey invitations shown on other apps' pages (receipt, "Mit overblik")."""

from __future__ import annotations

from typing import Any

from django import template

from indgang.insights import queries
from indgang.insights.metrics import display

register = template.Library()


@register.inclusion_tag("insights/includes/survey_invitation.html")
def survey_invitation(object_ref: str) -> dict[str, Any]:
    """The invitation about one matter, e.g. ``submission:LS-2026-000001``."""
    invitation = queries.survey_for(object_ref)
    return {"survey": invitation if invitation and not invitation.answered else None}


@register.inclusion_tag("insights/includes/pending_surveys.html", takes_context=True)
def pending_surveys(context: dict[str, Any]) -> dict[str, Any]:
    """The logged-in citizen's unanswered surveys, for "Mit overblik"."""
    citizen = getattr(context["request"], "citizen", None)
    if citizen is None:
        return {"surveys": []}
    return {"surveys": list(queries.pending_surveys(citizen.cpr)[:5])}


@register.filter
def figure(value: float | None, unit: str) -> str:
    """A figure in the dashboards' Danish format ("count", "kr", "share")."""
    return display(value, unit)


@register.filter
def lookup(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)
