"""Who on the staff may read which citizen's personal data.

Permissions follow the administration: a caseworker may read a citizen's
data only when their administration has a matter with that citizen (a
``CitizenRelation``). Borgerservice's front desk serves everyone. Editors,
analysts and administrators never read citizens' personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from indgang.core.pseudonym import citizen_key
from indgang.identity.constants import (
    BORGERSERVICE_ADMINISTRATION,
    CITIZEN_FACING_ROLES,
    StaffRole,
)
from indgang.identity.models import CitizenRelation
from indgang.identity.queries import staff_profile

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


@dataclass(frozen=True)
class AccessDecision:
    allowed: bool
    reason: str


def citizen_access(user: AbstractBaseUser | AnonymousUser | None, cpr: str) -> AccessDecision:
    profile = staff_profile(user)
    if profile is None or not user or not user.is_active:
        return AccessDecision(False, _("Only staff with a staff profile can look up citizens."))
    roles = profile.role_codes()
    if not roles & CITIZEN_FACING_ROLES:
        return AccessDecision(
            False, _("Your role does not give access to citizens' personal data.")
        )
    if StaffRole.FRONT_DESK in roles and profile.administration_id == BORGERSERVICE_ADMINISTRATION:
        return AccessDecision(True, _("Borgerservice front desk"))
    has_matter = CitizenRelation.objects.filter(
        citizen_key=citizen_key(cpr),
        administration_id=profile.administration_id,
        closed_at__isnull=True,
    ).exists()
    if has_matter:
        return AccessDecision(True, _("Your administration has a matter with this citizen"))
    return AccessDecision(
        False,
        _(
            "Your administration has no open matter with this citizen, "
            "so you cannot see their data."
        ),
    )


def has_role(user: AbstractBaseUser | AnonymousUser | None, *roles: str) -> bool:
    profile = staff_profile(user)
    return profile is not None and bool(profile.role_codes() & set(roles))


def may_operate(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Administrators (superusers, the administrator role, or the
    ``operations.operate`` permission) see background work and retry it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(
        getattr(user, "is_superuser", False)
        or has_role(user, StaffRole.ADMINISTRATOR)
        or (hasattr(user, "has_perm") and user.has_perm("operations.operate"))
    )
