"""System checks: a bad Digital Post setting stops start-up with a clear message.

The plugin setting and the plugin's own settings: ``core.checks.check_plugins``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register("indgang")
def check_digital_post(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    cvr = settings.MESSAGING_SENDER_CVR
    if len(cvr) != 8 or not cvr.isdigit():
        errors.append(
            Error(
                f"MESSAGING_SENDER_CVR is {cvr!r}, which is not an 8-digit CVR number.",
                hint="Set it to the municipality's CVR number (Københavns Kommune: 64942212).",
                id="messaging.E001",
            )
        )
    return errors
