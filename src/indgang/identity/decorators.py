from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from indgang.identity import assurance
from indgang.identity.citizen import LevelOfAssuranceTooLow, require_level_of_assurance


def login_redirect(request: HttpRequest, level: str = "") -> HttpResponse:
    """To the login page, asking for ``level``, then back to this page."""
    query = {"next": request.get_full_path()}
    if level:
        query["niveau"] = level
    return redirect(f"{reverse('identity:login')}?{urlencode(query)}")


def step_up(request: HttpRequest, exc: LevelOfAssuranceTooLow) -> HttpResponse:
    """The citizen is logged in, but too weakly for this page: log in again."""
    messages.warning(
        request,
        _(
            "This page needs a MitID login at level of assurance “%(level)s”. "
            "Log in again with the MitID app or a code display."
        )
        % {"level": assurance.label(exc.required)},
    )
    return login_redirect(request, exc.required)


def citizen_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Send a citizen who is not logged in, or too weakly, to the login page, then back."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "citizen", None) is None:
            return login_redirect(request)
        try:
            require_level_of_assurance(request)
        except LevelOfAssuranceTooLow as exc:
            return step_up(request, exc)
        return view(request, *args, **kwargs)

    return wrapper
