"""Public reads of the directory."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from indgang.core.memo import Memo
from indgang.core.models import Administration
from indgang.directory.constants import STALE_AFTER_DAYS, UnitKind
from indgang.directory.models import ContactPoint, OpeningHoursException, OrganisationUnit


def units() -> QuerySet[OrganisationUnit]:
    return OrganisationUnit.objects.select_related("administration", "parent").prefetch_related(
        "contact_points", "exceptions"
    )


def unit(slug: str) -> OrganisationUnit | None:
    return units().filter(slug=slug).first()


def public_units() -> QuerySet[OrganisationUnit]:
    """Units citizens visit or contact (departments are only structure)."""
    return units().exclude(kind=UnitKind.DEPARTMENT)


def _published() -> dict[str, OrganisationUnit]:
    return {unit.slug: unit for unit in public_units()}


# What citizens' pages show of the directory (dozens of units), read on every
# place page and the list; rebuilt when an entry, its contact points or its
# exceptions change. Shared by the requests of a process: never save these.
_published_units = Memo("directory.published", _published)
_published_units.watch(OrganisationUnit, ContactPoint, OpeningHoursException, Administration)


def published_units() -> list[OrganisationUnit]:
    """``public_units()`` as the public pages show them (read-only copies)."""
    return list(_published_units.get().values())


def published_unit(slug: str) -> OrganisationUnit | None:
    """A unit citizens may visit, as the public pages show it (read-only)."""
    return _published_units.get().get(slug)


def citizen_service_centres() -> QuerySet[OrganisationUnit]:
    return units().filter(kind=UnitKind.CITIZEN_SERVICE_CENTRE)


def stale_units(
    administration_code: str | None = None, today: dt.date | None = None
) -> QuerySet[OrganisationUnit]:
    """Entries not verified within the last six months, oldest first."""
    cutoff = (today or timezone.localdate()) - dt.timedelta(days=STALE_AFTER_DAYS)
    found = units().filter(Q(last_verified__isnull=True) | Q(last_verified__lt=cutoff))
    if administration_code:
        found = found.filter(administration_id=administration_code)
    return found.select_related("owner").order_by("last_verified", "name")


def upcoming_exceptions(
    administration_code: str, start: dt.date, end: dt.date
) -> QuerySet[OpeningHoursException]:
    """Days on which an administration's units keep other hours, from start to end."""
    return (
        OpeningHoursException.objects.filter(
            unit__administration_id=administration_code, date__gte=start, date__lte=end
        )
        .select_related("unit")
        .order_by("date", "unit__name")
    )


def change_history(unit: OrganisationUnit, limit: int = 20) -> list[Any]:
    """The entry's changes (Django's admin log), newest first."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    unit_type = ContentType.objects.get_for_model(OrganisationUnit)
    return list(
        LogEntry.objects.filter(content_type=unit_type, object_id=str(unit.pk))
        .select_related("user")
        .order_by("-action_time")[:limit]
    )
