"""Public reads of the contact register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from indgang.catalogue import queries as catalogue
from indgang.contacts.constants import LinkBasis
from indgang.contacts.models import AttemptLink, Contact


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


def attempt_link_figures(
    since: dt.datetime,
    until: dt.datetime,
    *,
    services: list[str] | None = None,
    channel: str = "",
) -> list[dict[str, Any]]:
    """Contacts linked to a self-service attempt that started in [since,
    until), counted per service, version, step, field, rule and channel, with
    their recorded minutes. Pseudonymous: the link table holds no citizen."""
    links = AttemptLink.objects.filter(started_at__gte=since, started_at__lt=until)
    if services is not None:
        links = links.filter(service__in=services)
    if channel:
        links = links.filter(channel=channel)
    return [
        dict(row)
        for row in links.values("service", "version", "step", "field", "rule", "channel")
        .annotate(
            contacts=Count("id"),
            seconds=Coalesce(Sum("duration_s"), 0),
            timed=Count("duration_s"),
            inferred=Count("id", filter=Q(basis=LinkBasis.INFERRED)),
        )
        .order_by()
    ]


def attempt_link_version() -> int:
    """Changes when a link is added (caches of the failure figures key on it)."""
    return AttemptLink.objects.order_by("-id").values_list("id", flat=True).first() or 0
