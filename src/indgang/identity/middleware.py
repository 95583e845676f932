from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from indgang.identity.citizen import LevelOfAssuranceTooLow, current_citizen
from indgang.identity.decorators import step_up


class CitizenMiddleware:
    """Sets ``request.citizen`` to the logged-in citizen or None, and sends a
    citizen whose login is too weak for a service to log in again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.citizen = current_citizen(request)  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, LevelOfAssuranceTooLow):
            return step_up(request, exception)
        return None
