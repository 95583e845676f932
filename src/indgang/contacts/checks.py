"""System checks: a bad contact-register setting stops start-up with a clear message."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register()
def check_contact_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if not 0 <= settings.RECONTACT_DAYS <= 365:
        errors.append(
            Error(
                f"RECONTACT_DAYS={settings.RECONTACT_DAYS} must be 0-365",
                id="contacts.E001",
            )
        )
    if not 0 <= settings.DEMO_CONTACTS_SCALE <= 2:
        errors.append(
            Error(
                f"DEMO_CONTACTS_SCALE={settings.DEMO_CONTACTS_SCALE} must be 0-2 "
                "(1 is Copenhagen's 13 M contacts a year)",
                id="contacts.E002",
            )
        )
    return errors
