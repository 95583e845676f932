"""Phone numbers in E.164 (+4512345678); a number without a country code is Danish."""

from __future__ import annotations

import phonenumbers


def normalise(number: str, region: str = "DK") -> str | None:
    """The number in E.164, or None when it is not a valid phone number."""
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
