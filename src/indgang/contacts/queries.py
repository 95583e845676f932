"""Public reads of the contact register."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet
from django.utils import timezone

from indgang.catalogue import queries as catalogue
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
    """Display names of every known service and case topic, by slug."""
    return catalogue.service_names()


def team_services(*, team_id: int | None, administration: str) -> list[str]:
    """Catalogue services and case topics the team (or administration) owns."""
    return catalogue.services_of(administration, team_id)
