from __future__ import annotations

from django.conf import settings

from indgang.core.registry import Registry
from indgang.notifications.base import SmsGateway

sms_gateways: Registry[SmsGateway] = Registry(
    "SMS gateway", setting="SMS_GATEWAY", unknown_id="indgang.notifications.E001"
)
register = sms_gateways.register


def sms_gateway() -> SmsGateway:
    return sms_gateways[settings.SMS_GATEWAY]
