"""Process mining is for analysts; a log belongs to its uploader's administration."""

from __future__ import annotations

from typing import TYPE_CHECKING

from indgang.identity.constants import StaffRole
from indgang.identity.queries import staff_profile

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from indgang.mining.models import EventLogImport


def can_use_mining(
    user: AbstractBaseUser | AnonymousUser, log_import: EventLogImport | None = None
) -> bool:
    profile = staff_profile(user)
    if profile is None or StaffRole.ANALYST not in profile.role_codes():
        return False
    return log_import is None or log_import.administration_id == profile.administration_id
