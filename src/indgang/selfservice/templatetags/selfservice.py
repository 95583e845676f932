from typing import Any

from django import template

from indgang.selfservice import engine, queries

register = template.Library()


@register.inclusion_tag("selfservice/includes/overview.html", takes_context=True)
def selfservice_overview(context: dict[str, Any]) -> dict[str, Any]:
    """The citizen's drafts and submissions, for "Mit overblik"."""
    citizen = context["request"].citizen
    drafts = [
        {
            "id": d.id,
            "title": engine.text(d.definition.definition["title"]),
            "updated_at": d.updated_at,
        }
        for d in queries.open_drafts(citizen.cpr)
    ]
    submissions = [
        {
            "id": s.id,
            "title": engine.text(s.definition.definition["title"]),
            "reference": s.reference,
            "submitted_at": s.submitted_at,
        }
        for s in queries.submissions(citizen.cpr)[:20]
    ]
    return {"drafts": drafts, "submissions": submissions}
