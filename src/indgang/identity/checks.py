"""System checks for citizen login: the level of assurance citizen pages need
(each identity plugin's own settings: ``Plugin.check``, walked by core.checks)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from indgang.identity.assurance import Level


@register("indgang")
def check_identity(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    # Each login plugin's own settings are checked by core.checks.check_plugins.
    found: list[CheckMessage] = []
    level = settings.CITIZEN_LEVEL_OF_ASSURANCE
    if level not in Level.values:
        found.append(
            Error(
                f"CITIZEN_LEVEL_OF_ASSURANCE {level!r} is not an NSIS level.",
                hint="Use one of: " + ", ".join(Level.values) + " (substantial for personal data).",
                id="identity.E010",
            )
        )
    elif level == Level.LOW:
        found.append(
            Warning(
                "CITIZEN_LEVEL_OF_ASSURANCE is low, but citizen pages show personal data.",
                hint="NSIS and MitID require substantial for personal data.",
                id="identity.W003",
            )
        )
    return found
