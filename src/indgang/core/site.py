"""The site's public address, for links that leave the page: e-mails, SMS,
calendar files, callbacks.

``SITE_URL`` (e.g. ``https://borger.kk.dk``) is the address; the system check
``indgang.E012`` requires it when DEBUG is off. In the demo it may be empty:
links then use the address of the request being served (set by
``PublicAddressMiddleware``), so a demo on any host and port links to itself.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

_request_base: ContextVar[str] = ContextVar("request_base", default="")


def base_url(request: HttpRequest | None = None) -> str:
    """The public base URL without a trailing slash."""
    configured: str = settings.SITE_URL
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    if found := _request_base.get():
        return found
    # Outside a request (a scheduled reminder) in a demo without SITE_URL.
    return f"http://{settings.ALLOWED_HOSTS[0]}"


def public_url(path: str, request: HttpRequest | None = None) -> str:
    """An absolute link to ``path`` (e.g. ``reverse(...)``) for use outside the page."""
    return f"{base_url(request)}{path}"


def remember_request(request: HttpRequest) -> object:
    """Use this request's address for links built while it is served."""
    return _request_base.set(request.build_absolute_uri("/").rstrip("/"))


def forget_request(token: object) -> None:
    _request_base.reset(token)  # type: ignore[arg-type]
