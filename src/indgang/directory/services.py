"""Public writes to the directory: editors' changes (from the staff workspace
or the admin) and what other code needs. Every change is kept in Django's
admin log, the entry's change history."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from indgang.directory.models import ContactPoint, OpeningHoursException, OrganisationUnit
from indgang.identity.constants import StaffRole
from indgang.identity.permissions import has_role
from indgang.identity.queries import staff_profile

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def mark_verified(
    unit: OrganisationUnit, *, actor: User, on: dt.date | None = None
) -> OrganisationUnit:
    """Record that ``actor`` has checked the entry; kept in the admin history."""
    unit.last_verified = on or timezone.localdate()
    unit.save(update_fields=["last_verified"])
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[unit],
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": ["last_verified"]}}],
        single_object=True,
    )
    return unit


# Editors' changes ---------------------------------------------------------------

EDITABLE_UNIT_FIELDS = ("description", "street", "postcode", "city", "opening_hours")


def may_edit(actor: User, unit: OrganisationUnit) -> bool:
    """Editors edit their own administration's entries; administrators all."""
    if has_role(actor, StaffRole.ADMINISTRATOR):
        return True
    profile = staff_profile(actor)
    return (
        has_role(actor, StaffRole.EDITOR)
        and profile is not None
        and profile.administration_id == unit.administration_id
    )


def _check(actor: User, unit: OrganisationUnit) -> None:
    if not may_edit(actor, unit):
        raise PermissionDenied("This entry belongs to another administration.")


def _log(actor: User, obj: Model, flag: int, message: list[dict[str, object]]) -> None:
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[obj],
        action_flag=flag,
        change_message=message,
        single_object=True,
    )


@transaction.atomic
def update_unit(unit: OrganisationUnit, *, actor: User, **values: str) -> list[str]:
    """Change the entry's texts, address or opening hours (validated by the
    caller's form); returns the names of the fields that changed."""
    _check(actor, unit)
    changed = [
        name
        for name, value in values.items()
        if name in EDITABLE_UNIT_FIELDS and getattr(unit, name) != value
    ]
    if not changed:
        return []
    for name in changed:
        setattr(unit, name, values[name])
    unit.full_clean(exclude=["owner", "parent", "slug"])
    unit.save(update_fields=changed)
    _log(actor, unit, CHANGE, [{"changed": {"fields": changed}}])
    return changed


@transaction.atomic
def save_contact_points(
    unit: OrganisationUnit,
    *,
    actor: User,
    changed: list[ContactPoint],
    deleted: list[ContactPoint],
) -> None:
    """Store new and changed contact points of the unit and remove deleted ones."""
    _check(actor, unit)
    for point in deleted:
        if point.pk and point.unit_id == unit.pk:
            _log(
                actor, unit, CHANGE, [{"deleted": {"name": "contact point", "object": str(point)}}]
            )
            point.delete()
    for point in changed:
        new = point.pk is None
        point.unit = unit
        point.full_clean()
        point.save()
        verb = "added" if new else "changed"
        _log(actor, unit, CHANGE, [{verb: {"name": "contact point", "object": str(point)}}])


@transaction.atomic
def add_exception(
    unit: OrganisationUnit, *, actor: User, date: dt.date, hours: str, reason: str
) -> OpeningHoursException:
    """Other hours on one day (empty hours: closed); replaces that day's exception."""
    _check(actor, unit)
    exception, created = OpeningHoursException.objects.update_or_create(
        unit=unit, date=date, defaults={"hours": hours, "reason": reason}
    )
    verb = "added" if created else "changed"
    _log(
        actor, unit, CHANGE, [{verb: {"name": "opening hours exception", "object": str(exception)}}]
    )
    return exception


@transaction.atomic
def remove_exception(exception: OpeningHoursException, *, actor: User) -> None:
    _check(actor, exception.unit)
    _log(
        actor,
        exception.unit,
        CHANGE,
        [{"deleted": {"name": "opening hours exception", "object": str(exception)}}],
    )
    exception.delete()
