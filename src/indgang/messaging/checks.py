"""System checks: a bad Digital Post setting stops start-up with a clear message."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from indgang.messaging.registry import digital_post_plugins


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
    plugin = settings.MESSAGING_DIGITAL_POST
    if plugin not in digital_post_plugins:
        known = ", ".join(name for name, _ in digital_post_plugins)
        errors.append(
            Error(
                f"MESSAGING_DIGITAL_POST is {plugin!r}, which is not a known Digital Post plugin.",
                hint=f"Known plugins: {known}.",
                id="messaging.E002",
            )
        )
        return errors
    problems = digital_post_plugins[plugin].check()
    errors += [Error(problem, id="messaging.E003") for problem in problems]
    return errors
