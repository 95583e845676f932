"""Citizen identity-provider plugins (MitID via OIDC, the test IdP, ...)."""

from __future__ import annotations

from abc import ABC, abstractmethod

from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise

from indgang.identity.citizen import CitizenIdentity


class LoginFailed(Exception):
    """The identity provider did not confirm who the citizen is.

    The message is shown to the citizen, so it must be plain language.
    """


class IdentityPlugin(ABC):
    identifier: str = ""
    label: str | Promise = ""

    @abstractmethod
    def is_enabled(self) -> bool: ...

    @abstractmethod
    def start(self, request: HttpRequest, next_url: str) -> HttpResponse:
        """Begin the login: redirect to the provider or show its page."""

    def check_config(self) -> list[str]:
        return []


class RedirectingIdentityPlugin(IdentityPlugin):
    @abstractmethod
    def complete(self, request: HttpRequest) -> tuple[CitizenIdentity, str]:
        """Finish the login on the callback; return the identity and next URL."""
