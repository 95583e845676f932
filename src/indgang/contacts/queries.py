"""Public reads of the contact register."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet
from django.utils import timezone

from indgang.contacts.models import Contact


def contacts_of_administration(code: str) -> QuerySet[Contact]:
    return Contact.objects.filter(administration_id=code).select_related("team", "registered_by")


def top_services(
    *, team_id: int | None, administration: str, days: int = 30, limit: int = 8
) -> list[str]:
    """The services this team registered most in the last ``days`` days."""
    since = timezone.now() - dt.timedelta(days=days)
    found = Contact.objects.filter(started_at__gte=since).exclude(service="")
    found = (
        found.filter(team_id=team_id) if team_id else found.filter(administration_id=administration)
    )
    ranked = found.values("service").annotate(n=Count("id")).order_by("-n", "service")[:limit]
    return [row["service"] for row in ranked]


def service_names() -> dict[str, str]:
    """Display names of services and case topics, by slug."""
    from indgang.cases import queries as cases
    from indgang.catalogue import queries as catalogue

    names = {topic.slug: topic.name for topic in cases.topics()}
    names.update({service.slug: service.name for service in catalogue.services()})
    return names


def team_services(*, team_id: int | None, administration: str) -> list[str]:
    """Catalogue services and case topics the team (or administration) owns."""
    from indgang.cases import queries as cases
    from indgang.catalogue import queries as catalogue

    services = catalogue.services().filter(administration_id=administration)
    topics = cases.topics().filter(administration_id=administration)
    if team_id:
        services = services.filter(team_id=team_id)
        topics = topics.filter(team_id=team_id)
    return [s.slug for s in services] + [t.slug for t in topics]
