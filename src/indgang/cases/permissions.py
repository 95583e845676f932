"""Which staff may handle which case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from indgang.core import audit, municipality
from indgang.identity.constants import CITIZEN_FACING_ROLES
from indgang.identity.permissions import has_role
from indgang.identity.queries import staff_profile

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from indgang.cases.models import Case


def handles_cases(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    return has_role(user, *CITIZEN_FACING_ROLES)


def is_triage_staff(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    profile = staff_profile(user)
    return (
        handles_cases(user)
        and profile is not None
        and profile.administration_id == municipality.triage_administration()
    )


def may_handle(user: AbstractBaseUser | AnonymousUser | None, case: Case) -> bool:
    """Caseworkers and front desk of the owning administration; triage staff for
    cases no administration owns yet."""
    if not handles_cases(user):
        return False
    if case.administration_id is None:
        return is_triage_staff(user)
    profile = staff_profile(user)
    return profile is not None and profile.administration_id == case.administration_id


def case_for_staff(
    user: AbstractBaseUser | AnonymousUser | None, reference: str, *, part: str = ""
) -> Case:
    """The case if this staff member may handle it: 404 when there is none,
    403 (audited against the citizen) when it belongs to another
    administration. ``part`` names what was asked for in the audit entry."""
    from indgang.cases import queries

    case = queries.case(reference)
    if case is None:
        raise Http404
    if not may_handle(user, case):
        if case.cpr:
            audit.citizen_access_refused(
                user,
                case.cpr,
                f"case {case.reference}: {part}" if part else f"case {case.reference}",
                _("The case belongs to another administration."),
            )
        raise PermissionDenied(_("This case belongs to another administration."))
    return case
