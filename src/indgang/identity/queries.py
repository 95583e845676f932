from __future__ import annotations

from typing import TYPE_CHECKING

from indgang.identity.models import StaffProfile

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def staff_profile(user: AbstractBaseUser | AnonymousUser | None) -> StaffProfile | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        profile: StaffProfile = getattr(user, "staff_profile")  # noqa: B009
    except StaffProfile.DoesNotExist:
        return None
    return profile


def staff_label(user: AbstractBaseUser | AnonymousUser | None) -> tuple[str, str]:
    """The name and administration code shown for a staff member in audit views."""
    if user is None or not user.is_authenticated:
        return ("system", "")
    profile = staff_profile(user)
    full_name: str = getattr(user, "get_full_name", lambda: "")()
    name = full_name or user.get_username()
    return (name, profile.administration_id if profile else "")
