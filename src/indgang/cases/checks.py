"""System checks: a bad cases setting stops start-up with a clear message."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register()
def check_case_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    # cases.E001 (CASES_TRIAGE_ADMINISTRATION) is retired: central triage is
    # the active municipality's choice, data like its administrations.
    errors: list[CheckMessage] = []
    if settings.RECONTACT_DAYS < 0 or settings.CASES_DUE_SOON_DAYS < 0:
        errors.append(
            Error("RECONTACT_DAYS and CASES_DUE_SOON_DAYS must be 0 or more", id="cases.E002")
        )
    if settings.CASES_RETENTION_DAYS < 365:
        errors.append(
            Error(
                f"CASES_RETENTION_DAYS={settings.CASES_RETENTION_DAYS} is under a year; "
                "closed cases must be kept long enough for complaints (see docs/cases.md)",
                id="cases.E003",
            )
        )
    if not 1 <= settings.CASES_WEBHOOK_MAX_ATTEMPTS <= 20 or (
        settings.CASES_WEBHOOK_BACKOFF_SECONDS < 1 or settings.CASES_WEBHOOK_TIMEOUT_SECONDS < 1
    ):
        errors.append(
            Error(
                "CASES_WEBHOOK_MAX_ATTEMPTS must be 1-20, CASES_WEBHOOK_BACKOFF_SECONDS and "
                "CASES_WEBHOOK_TIMEOUT_SECONDS at least 1",
                id="cases.E004",
            )
        )
    if settings.CASES_ANONYMOUS_PER_HOUR < 1:
        errors.append(Error("CASES_ANONYMOUS_PER_HOUR must be at least 1", id="cases.E005"))
    return errors
