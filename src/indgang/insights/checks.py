"""Start-up checks for the insights settings (unit costs per channel)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from indgang.contacts.constants import Channel
from indgang.core import municipality


@register()
def check_unit_costs(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    costs = getattr(settings, "INSIGHTS_CHANNEL_COSTS", {})
    for channel in Channel:
        value = costs.get(channel.value)
        if not isinstance(value, (int, float)) or value < 0:
            errors.append(
                Error(
                    f"INSIGHTS_CHANNEL_COSTS has no valid cost (kr.) for channel {channel.value!r}",
                    hint="Set a number of kroner ≥ 0 per contact for every channel.",
                    id="insights.E001",
                )
            )
    hourly = getattr(settings, "INSIGHTS_COST_PER_HOUR", None)
    if not isinstance(hourly, (int, float)) or hourly <= 0:
        errors.append(
            Error(
                "INSIGHTS_COST_PER_HOUR must be a positive number of kroner",
                id="insights.E002",
            )
        )
    # The active municipality's administrations (the default file's before
    # one is loaded), not a list in code.
    codes = municipality.administration_codes()
    for code in getattr(settings, "INSIGHTS_WIDE_ADMINISTRATIONS", []):
        if code not in codes:
            errors.append(
                Error(
                    f"INSIGHTS_WIDE_ADMINISTRATIONS names an unknown administration {code!r}",
                    hint=f"Use administration codes: {', '.join(sorted(codes))}.",
                    id="insights.E003",
                )
            )
    return errors
