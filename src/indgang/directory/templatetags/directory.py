"""The one way pages show contact details and opening hours: from the directory.

{% load directory %}
{% contact_details unit %}            address, contact points, status, the week
{% contact_details "borgerservice-kultorvet" compact=True %}   status line only
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from indgang.directory import queries
from indgang.directory.models import OrganisationUnit

register = template.Library()


@register.inclusion_tag("directory/includes/contact_details.html")
def contact_details(unit: OrganisationUnit | str, compact: bool = False) -> dict[str, Any]:
    found = (queries.published_unit(unit) or queries.unit(unit)) if isinstance(unit, str) else unit
    if found is None:
        return {"unit": None}
    now = timezone.now()
    schedule = found.schedule()
    status = schedule.status(now)
    return {
        "unit": found,
        "compact": compact,
        "status": status,
        "status_text": status.text(now),
        "week": [] if compact else schedule.week(timezone.localdate(now)),
        "contact_points": [
            (point, point.schedule().status(now).text(now) if point.hours else "")
            for point in found.contact_points.all()
        ],
    }
