from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "core/contact.html")


def _error(
    request: HttpRequest, status: int, title: str, text: str, back: str = ""
) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {"title": title, "text": text, "status": status, "back": back},
        status=status,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return _too_big(request)
    return _error(
        request,
        400,
        _("The request could not be understood"),
        _("Something in the request was wrong. Go back and try again."),
    )


def _too_big(request: HttpRequest) -> HttpResponse:
    """A form over Django's size limits. Nothing of it can be read, so the
    citizen goes back to the page: its answers as last saved (a draft keeps
    every step), and the browser's back button usually still holds the rest."""
    limit = number_format(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024), 1)
    if _api(request):
        return JsonResponse(
            {"detail": _("The request is too large (at most %(mb)s MB).") % {"mb": limit}},
            status=413,
        )
    return _error(
        request,
        413,
        _("What you sent takes up too much space"),
        _(
            "The text you wrote takes up more than %(mb)s MB, which is more than we can "
            "receive. Go back, shorten the longest answers and send again. What you "
            "had already saved is kept."
        )
        % {"mb": limit},
        back=request.path if request.path.startswith("/") else "",
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
