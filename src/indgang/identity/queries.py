from __future__ import annotations

from typing import TYPE_CHECKING

from indgang.core import audit
from indgang.identity.models import StaffProfile

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def staff_profile(user: AbstractBaseUser | AnonymousUser | None) -> StaffProfile | None:
    if user is None or not user.is_authenticated:
        return None
    # Read once per user object with the administration and team every staff
    # page shows, and kept where ``user.staff_profile`` finds it.
    related = StaffProfile.user.field.remote_field
    if not related.is_cached(user):
        found = (
            StaffProfile.objects.select_related("administration", "team")
            .filter(user_id=user.pk)
            .first()
        )
        related.set_cached_value(user, found)
        if found is not None:
            StaffProfile.user.field.set_cached_value(found, user)
    try:
        profile: StaffProfile = getattr(user, "staff_profile")  # noqa: B009
    except StaffProfile.DoesNotExist:
        return None
    return profile


def staff_label(user: AbstractBaseUser | AnonymousUser | None) -> tuple[str, str]:
    """The name and administration code shown for a staff member in audit views."""
    return audit.actor_label(user)
