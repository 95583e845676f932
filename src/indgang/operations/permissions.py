from __future__ import annotations

from typing import TYPE_CHECKING

from indgang.identity.constants import StaffRole
from indgang.identity.permissions import has_role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


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
