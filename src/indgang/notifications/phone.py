"""Phone numbers in E.164 (+4512345678); a number without a country code is Danish."""

from __future__ import annotations

from typing import Any

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _


def normalise(number: str, region: str = "DK") -> str | None:
    """The number in E.164, or None when it is not a valid phone number."""
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class PhoneField(forms.CharField):
    """A form field for a mobile number; cleans to E.164, or "" when empty."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        number: str = (super().clean(value) or "").strip()
        if not number:
            return ""
        normalised = normalise(number)
        if normalised is None:
            raise forms.ValidationError(
                _(
                    "Write a mobile number of 8 digits, like 20 12 34 56, or with "
                    "a country code, like +46 70 123 45 67."
                ),
                code="invalid",
            )
        return normalised
