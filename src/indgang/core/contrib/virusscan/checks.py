from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from indgang.core.virusscan import virus_scanners


@register("indgang")
def check_virus_scanner(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.VIRUS_SCANNER not in virus_scanners:
        known = ", ".join(name for name, _ in virus_scanners)
        return [
            Error(
                f"VIRUS_SCANNER is {settings.VIRUS_SCANNER!r}, which is not a known virus scanner.",
                hint=f"Known scanners: {known}.",
                id="indgang.E010",
            )
        ]
    errors, warnings = virus_scanners[settings.VIRUS_SCANNER].check()
    return [Error(text, id="indgang.E011") for text in errors] + [
        Warning(text, id="indgang.W010") for text in warnings
    ]
