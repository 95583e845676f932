from __future__ import annotations

from django.conf import settings

from indgang.core.registry import Registry
from indgang.messaging.base import DigitalPostPlugin

digital_post_plugins: Registry[DigitalPostPlugin] = Registry(
    "Digital Post", setting="MESSAGING_DIGITAL_POST", unknown_id="messaging.E002"
)
register = digital_post_plugins.register


def digital_post() -> DigitalPostPlugin:
    return digital_post_plugins[settings.MESSAGING_DIGITAL_POST]
