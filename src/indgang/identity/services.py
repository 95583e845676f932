"""Public writes of the identity app, and audited reads of citizens' data."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_noop

from indgang.core import audit
from indgang.core.models import Team
from indgang.core.net import client_ip
from indgang.core.pseudonym import citizen_key
from indgang.identity.models import CitizenRelation, LoginAttempt, Role, StaffProfile
from indgang.identity.permissions import citizen_access
from indgang.registers import queries as registers
from indgang.registers.base import PersonRecord

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

PERSON_FACTS = gettext_noop(
    "person register: name, birth date, address, family, GP, insurance group"
)


class CitizenNotFound(Exception):
    pass


def view_citizen(
    *, actor: AbstractBaseUser | AnonymousUser, cpr: str, purpose: str
) -> PersonRecord:
    """Read a citizen's register data for a staff member.

    Checks access and audits the read (or the refusal) before returning
    anything. Raises PermissionDenied with a plain-language reason.
    """
    cpr = cpr.replace("-", "").strip()
    decision = citizen_access(actor, cpr)
    if not decision.allowed:
        audit.citizen_access_refused(actor, cpr, PERSON_FACTS, decision.reason)
        raise PermissionDenied(decision.reason)
    record = registers.person(cpr)
    if record is None:
        raise CitizenNotFound(cpr)
    audit.citizen_data_viewed(actor, cpr, PERSON_FACTS, purpose)
    return record


@transaction.atomic
def open_citizen_relation(
    *, administration_code: str, cpr: str, reason: str, object_ref: str = ""
) -> CitizenRelation:
    """Record that an administration has a matter with a citizen."""
    return CitizenRelation.objects.create(
        administration_id=administration_code,
        citizen_key=citizen_key(cpr),
        reason=reason,
        object_ref=object_ref,
    )


def close_citizen_relation(*, administration_code: str, object_ref: str) -> int:
    return CitizenRelation.objects.filter(
        administration_id=administration_code, object_ref=object_ref, closed_at__isnull=True
    ).update(closed_at=timezone.now())


def _failure_window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


class LoginLocked(Exception):
    """Too many failed logins for this username or from this address."""


def _over_limit(username: str, ip_address: str | None, *, allowed: int) -> bool:
    recent = LoginAttempt.objects.filter(at__gte=_failure_window_start())
    by_user = recent.filter(username__iexact=username).count()
    by_ip = recent.filter(ip_address=ip_address).count() if ip_address else 0
    # An address may serve a whole office behind NAT, so it gets more slack.
    return by_user > allowed or by_ip > allowed * 4


def check_password(
    request: HttpRequest | None, username: str, password: str
) -> AbstractBaseUser | None:
    """The user if the password is right, None if not; raises ``LoginLocked``.

    Every login form (staff and Django admin) goes through here. The attempt
    is written *before* the count is read, each in its own autocommit
    statement, so guesses sent at the same moment each see the ones before
    them: no more than ``LOGIN_MAX_FAILURES`` passwords are ever checked. A
    refused attempt is taken out again, so a locked user is free when the
    window has passed; a right password clears the user's failures.
    """
    address = client_ip(request) if request is not None else None
    attempt = LoginAttempt.objects.create(username=username[:150], ip_address=address)
    if _over_limit(username, address, allowed=settings.LOGIN_MAX_FAILURES):
        attempt.delete()
        raise LoginLocked
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        return None  # the attempt stays as a failure
    clear_failed_logins(username)
    return user


def clear_failed_logins(username: str) -> None:
    LoginAttempt.objects.filter(
        Q(username__iexact=username) | Q(at__lt=_failure_window_start())
    ).delete()


@transaction.atomic
def create_staff_member(
    *,
    username: str,
    password: str | None,
    first_name: str,
    last_name: str,
    administration_code: str,
    roles: list[str],
    team_slug: str | None = None,
    email: str = "",
    workplace: str = "",
) -> User:
    user_model = get_user_model()
    user: User = user_model.objects.create_user(  # type: ignore[assignment]
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    team = None
    if team_slug:
        team = Team.objects.get(administration_id=administration_code, slug=team_slug)
    profile = StaffProfile.objects.create(
        user=user, administration_id=administration_code, team=team, workplace=workplace
    )
    profile.roles.set([Role.objects.get_or_create(code=code)[0] for code in roles])
    if "administrator" in roles:
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    elif "editor" in roles:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user


def set_workplace(username: str, workplace: str) -> int:
    """Name where a staff member meets citizens ("Borgerservice Nørrebro")."""
    return StaffProfile.objects.filter(user__username=username).update(workplace=workplace)
