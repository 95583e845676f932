"""Who may use which workspace page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from indgang.identity.models import StaffProfile
from indgang.identity.queries import staff_profile


def profile_of(request: HttpRequest) -> StaffProfile:
    profile = staff_profile(request.user)
    if profile is None:
        raise PermissionDenied(_("Only staff with a staff profile can use the workspace."))
    return profile


def staff_with_role(
    *roles: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A page for staff with one of ``roles`` (any role when none are given)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            profile = profile_of(request)
            if roles and not profile.role_codes() & set(roles):
                raise PermissionDenied(_("Your role does not give access to this page."))
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
