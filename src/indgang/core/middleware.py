from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from indgang.core import site


class LanguageMiddleware:
    """Danish unless the visitor chose English with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's
    Accept-Language: the municipality's pages are Danish first, and the
    choice is the citizen's, kept in the language cookie.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class PublicAddressMiddleware:
    """Links built while a request is served (e-mails, calendar files) use its
    address when ``SITE_URL`` is not set (the demo); see ``core.site``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = site.remember_request(request)
        try:
            return self.get_response(request)
        finally:
            site.forget_request(token)
