"""Audit events, one named function each.

Every staff read or change of a citizen's personal data goes through here.
Entries are append-only; citizens see them on their profile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import User

from indgang.core.constants import AuditAction
from indgang.core.models import AuditEntry
from indgang.core.pseudonym import citizen_key

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def _record(
    actor: AbstractBaseUser | AnonymousUser | None,
    cpr: str,
    action: AuditAction,
    what: str,
    purpose: str = "",
    object_ref: str = "",
) -> AuditEntry:
    from indgang.identity.queries import staff_label

    name, administration = staff_label(actor)
    return AuditEntry.objects.create(
        actor=actor if isinstance(actor, User) else None,
        actor_name=name,
        actor_administration=administration,
        citizen_key=citizen_key(cpr) if cpr else "",
        action=action,
        what=what[:300],
        purpose=purpose[:300],
        object_ref=object_ref[:100],
    )


def citizen_data_viewed(
    actor: AbstractBaseUser | AnonymousUser | None, cpr: str, what: str, purpose: str
) -> AuditEntry:
    return _record(actor, cpr, AuditAction.VIEW, what, purpose)


def citizen_data_changed(
    actor: AbstractBaseUser | AnonymousUser | None,
    cpr: str,
    what: str,
    purpose: str,
    object_ref: str = "",
) -> AuditEntry:
    return _record(actor, cpr, AuditAction.CHANGE, what, purpose, object_ref)


def citizen_data_viewed_by_key(
    actor: AbstractBaseUser | AnonymousUser | None, key: str, what: str, purpose: str
) -> AuditEntry:
    """A read of data held under the pseudonymous citizen key only (no CPR
    at hand, e.g. notifications); the citizen still sees it on their profile."""
    from indgang.identity.queries import staff_label

    name, administration = staff_label(actor)
    return AuditEntry.objects.create(
        actor=actor if isinstance(actor, User) else None,
        actor_name=name,
        actor_administration=administration,
        citizen_key=key,
        action=AuditAction.VIEW,
        what=what[:300],
        purpose=purpose[:300],
    )


def citizen_access_refused(
    actor: AbstractBaseUser | AnonymousUser | None, cpr: str, what: str, reason: str
) -> AuditEntry:
    return _record(actor, cpr, AuditAction.REFUSED, what, reason)


def acted_for_citizen(
    actor: AbstractBaseUser | AnonymousUser | None,
    cpr: str,
    what: str,
    purpose: str,
    object_ref: str = "",
) -> AuditEntry:
    return _record(actor, cpr, AuditAction.ACT_FOR, what, purpose, object_ref)


def background_task_retried(
    actor: AbstractBaseUser | AnonymousUser | None, what: str, object_ref: str
) -> AuditEntry:
    """An administrator ran a failed background task again (no citizen named:
    the task's own work is audited where it touches personal data)."""
    return _record(
        actor, "", AuditAction.CHANGE, what, "Retry of a failed background task", object_ref
    )
