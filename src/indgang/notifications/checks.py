from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from indgang.notifications.registry import sms_gateways


@register("indgang")
def check_sms_gateway(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.SMS_GATEWAY not in sms_gateways:
        known = ", ".join(name for name, _ in sms_gateways)
        return [
            Error(
                f"SMS_GATEWAY is {settings.SMS_GATEWAY!r}, which is not a known SMS gateway.",
                hint=f"Known gateways: {known}.",
                id="indgang.notifications.E001",
            )
        ]
    problems = sms_gateways[settings.SMS_GATEWAY].check()
    return [Error(problem, id="indgang.notifications.E002") for problem in problems]
