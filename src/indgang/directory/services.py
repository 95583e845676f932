"""Public writes to the directory. Editors edit entries in the admin; these
are the writes other code needs."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone

from indgang.directory.models import OrganisationUnit

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
