from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from indgang.identity.citizen import current_citizen


class CitizenMiddleware:
    """Sets ``request.citizen`` to the logged-in citizen or None."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.citizen = current_citizen(request)  # type: ignore[attr-defined]
        return self.get_response(request)
