"""Audit events, one named function each.

Every staff read or change of a citizen's personal data goes through here.
Entries are append-only; citizens see them on their profile.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from indgang.core.constants import AuditAction
from indgang.core.models import AuditEntry
from indgang.core.pseudonym import citizen_key

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def actor_label(user: AbstractBaseUser | AnonymousUser | None) -> tuple[str, str]:
    """The name and administration code shown for a staff member in audit views
    (the administration from the staff profile identity keeps on the user)."""
    if user is None or not user.is_authenticated:
        return ("system", "")
    try:
        profile = getattr(user, "staff_profile", None)
    except ObjectDoesNotExist:
        profile = None
    full_name: str = getattr(user, "get_full_name", lambda: "")()
    name = full_name or user.get_username()
    return (name, profile.administration_id if profile is not None else "")


def record(
    actor: AbstractBaseUser | AnonymousUser | None,
    action: AuditAction,
    what: str,
    purpose: str = "",
    object_ref: str = "",
    *,
    cpr: str = "",
    key: str = "",
    actor_name: str = "",
) -> AuditEntry:
    """The one writer of audit entries. The citizen is named by CPR number
    (stored only as its pseudonymous key) or, where no CPR number is at hand,
    by the key itself. ``actor_name`` names an actor who is no staff member
    (a parent acting for a child)."""
    name, administration = actor_label(actor)
    name = actor_name or name
    return AuditEntry.objects.create(
        actor=actor if isinstance(actor, User) else None,
        actor_name=name,
        actor_administration=administration,
        citizen_key=citizen_key(cpr) if cpr else key,
        action=action,
        what=what[:300],
        purpose=purpose[:300],
        object_ref=object_ref[:100],
    )


def _record(
    actor: AbstractBaseUser | AnonymousUser | None,
    cpr: str,
    action: AuditAction,
    what: str,
    purpose: str = "",
    object_ref: str = "",
) -> AuditEntry:
    return record(actor, action, what, purpose, object_ref, cpr=cpr)


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
    return record(actor, AuditAction.VIEW, what, purpose, key=key)


def citizen_data_changed_by_key(
    actor: AbstractBaseUser | AnonymousUser | None,
    key: str,
    what: str,
    purpose: str,
    object_ref: str = "",
) -> AuditEntry:
    """A change to data held under the pseudonymous citizen key only (the
    contact register keeps no CPR number)."""
    return record(actor, AuditAction.CHANGE, what, purpose, object_ref, key=key)


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


RETRY_PURPOSE = gettext_noop("Retry of a failed background task")


def parent_acted_for_child(parent_name: str, child_cpr: str, what: str) -> AuditEntry:
    """A parent with custody began or stopped acting for a child; the child's
    own "who has looked at my data" shows it."""
    return record(
        None,
        AuditAction.ACT_FOR,
        what,
        _("parental custody"),
        cpr=child_cpr,
        actor_name=parent_name,
    )


def background_task_retried(
    actor: AbstractBaseUser | AnonymousUser | None, what: str, object_ref: str
) -> AuditEntry:
    """An administrator ran a failed background task again (no citizen named:
    the task's own work is audited where it touches personal data)."""
    return _record(actor, "", AuditAction.CHANGE, what, RETRY_PURPOSE, object_ref)


# -- reading entries ------------------------------------------------------------------
#
# ``what`` and ``purpose`` are stored in English (the log reads the same whoever
# wrote it). A fixed text is a msgid (marked with gettext_noop where it is
# written); a text with a reference or a code in it is read by a describer that
# the app writing it registers here, so no code or slug reaches a reader.

Describer = Callable[[re.Match[str]], str]
_DESCRIBERS: list[tuple[re.Pattern[str], Describer, str]] = []


def describer(pattern: str, example: str) -> Callable[[Describer], Describer]:
    """Register how to read texts matching ``pattern`` (``example`` is one, for tests)."""

    def register(function: Describer) -> Describer:
        _DESCRIBERS.append((re.compile(pattern), function, example))
        return function

    return register


def examples() -> list[str]:
    """One example text per registered describer."""
    return [example for _pattern, _function, example in _DESCRIBERS]


def describe(text: str) -> str:
    """An audit text (``what`` or ``purpose``) in the reader's language."""
    translated = gettext(text) if text else text
    if translated != text:
        return translated
    for pattern, function, _example in _DESCRIBERS:
        match = pattern.fullmatch(text)
        if match:
            return function(match)
    return text
