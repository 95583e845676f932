from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


def citizen_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Send a citizen who is not logged in to the login page, then back."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "citizen", None) is None:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('identity:login')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper
