"""The test identity provider: pick a synthetic citizen and log in as them.

For the demo and tests only; refused at start-up when DEBUG is off
(system check indgang.E001). Every page it shows is clearly marked.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from indgang.identity.base import IdentityPlugin
from indgang.identity.registry import register


@register.register("test")
class TestIdentityProvider(IdentityPlugin):
    identifier = "test"
    label = gettext_lazy("Test login (synthetic citizens)")
    is_demo = True

    def is_enabled(self) -> bool:
        return bool(settings.TEST_IDP_ENABLED)

    def check(self) -> list[CheckMessage]:
        if settings.TEST_IDP_ENABLED and not settings.DEBUG:
            return [
                Error(
                    "The test identity provider is enabled while DEBUG is off.",
                    hint="Set TEST_IDP_ENABLED=false in production: it lets anyone log in "
                    "as any synthetic citizen.",
                    id="indgang.E001",
                )
            ]
        return []

    def start(self, request: HttpRequest, next_url: str, level_of_assurance: str) -> HttpResponse:
        # The test login confirms whatever level the page asked for.
        query = {"next": next_url, "niveau": level_of_assurance}
        return redirect(reverse("identity:test-idp") + "?" + urlencode(query))
