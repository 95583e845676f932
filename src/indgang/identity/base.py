"""Citizen identity-provider plugins (MitID via OIDC, the test IdP, ...)."""

from __future__ import annotations

from abc import ABC, abstractmethod

from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise

from indgang.core.registry import Plugin
from indgang.identity.citizen import CitizenIdentity


class LoginFailed(Exception):
    """The identity provider did not confirm who the citizen is.

    The message is shown to the citizen, so it must be plain language. What
    the operator needs (the provider's error code) goes to the log instead.
    ``next_url`` and ``level`` let the login page offer the same login again.
    """

    def __init__(self, message: str, next_url: str = "", level: str = "") -> None:
        super().__init__(message)
        self.next_url = next_url
        self.level = level


class ProviderLogoutFailed(Exception):
    """Indgang's session ends, but the provider's could not be; the message says so."""


class IdentityPlugin(Plugin, ABC):
    """A citizen login; every registered one is checked, and each says
    whether it is enabled. A demo plugin (``is_demo``) lets anyone log in as a
    synthetic citizen: never in production."""

    label: str | Promise = ""

    @abstractmethod
    def is_enabled(self) -> bool: ...

    @abstractmethod
    def start(self, request: HttpRequest, next_url: str, level_of_assurance: str) -> HttpResponse:
        """Begin a login at (at least) the NSIS level given: redirect to the
        provider or show its page."""

    def logout_url(self, request: HttpRequest) -> str | None:
        """Where to send the browser to end the provider's session too, if anywhere.

        Called just before Indgang's own session is ended; raises
        ``ProviderLogoutFailed`` when the provider's session cannot be ended.
        """
        return None


class RedirectingIdentityPlugin(IdentityPlugin):
    @abstractmethod
    def complete(self, request: HttpRequest) -> tuple[CitizenIdentity, str]:
        """Finish the login on the callback; return the identity and next URL."""
