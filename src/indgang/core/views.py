from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "core/contact.html")


def _error(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    return render(
        request, "core/error.html", {"title": title, "text": text, "status": status}, status=status
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        400,
        _("The request could not be understood"),
        _("Something in the request was wrong. Go back and try again."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    text = (
        str(exception)
        if exception and str(exception)
        else _("You do not have access to this page.")
    )
    return _error(request, 403, _("Access denied"), text)


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return _error(
        request,
        404,
        _("Page not found"),
        _("The page may have moved, or the address may be mistyped."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return _error(
        request,
        500,
        _("Sorry, something went wrong on our side"),
        _("Nothing you entered has been lost. Try again in a few minutes."),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        _("Your session has expired"),
        _("For your security the form was not sent. Go back, reload the page and send it again."),
    )
