from typing import Any

from django.http import HttpRequest

from indgang.identity.queries import staff_profile
from indgang.workspace.navigation import menu


def staff(request: HttpRequest) -> dict[str, Any]:
    """On staff pages, the staff menu replaces the citizens' menu."""
    path = request.path
    if not path.startswith("/medarbejder/") or path.startswith("/medarbejder/log-"):
        return {}
    profile = staff_profile(getattr(request, "user", None))
    if profile is None:
        return {}
    return {"staff_menu": menu(profile, path), "staff_profile": profile}
