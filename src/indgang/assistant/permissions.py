"""Who takes live chats: Borgerservice's front desk, the contact centre that
serves every citizen. Other staff, and other administrations, are refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from indgang.identity.constants import BORGERSERVICE_ADMINISTRATION, StaffRole
from indgang.identity.permissions import has_role
from indgang.identity.queries import staff_profile

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from indgang.assistant.models import Conversation


def may_chat(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    profile = staff_profile(user)
    return (
        profile is not None
        and profile.administration_id == BORGERSERVICE_ADMINISTRATION
        and has_role(user, StaffRole.FRONT_DESK)
    )


def require_chat_staff(user: AbstractBaseUser | AnonymousUser | None) -> None:
    if not may_chat(user):
        raise PermissionDenied(_("Only Borgerservice's front desk takes live chats."))


def require_own_chat(
    user: AbstractBaseUser | AnonymousUser | None, conversation: Conversation
) -> None:
    """Only the member of staff who took the conversation reads and writes in it."""
    require_chat_staff(user)
    if conversation.staff_id is None or conversation.staff_id != getattr(user, "pk", None):
        raise PermissionDenied(_("Another member of staff has this conversation."))
