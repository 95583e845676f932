"""CPR numbers, checked one way everywhere: ten digits whose first six are a
date (python-stdnum's ``dk.cpr``). There is no modulus-11 check: CPR numbers
without it have been issued since 2007."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cpr as cpr_number
from stdnum.exceptions import ValidationError as StdnumError

# Ten digits, once hyphen and spaces are gone (for bulk checks on a column).
PATTERN = r"^\d{10}$"


def clean_cpr(value: str) -> str:
    """The CPR number's ten digits; raises ValidationError with a plain message
    (codes ``cpr_format`` and ``cpr_date``)."""
    digits = value.replace("-", "").replace(" ", "").strip()
    if not digits.isdigit() or len(digits) != 10:
        raise forms.ValidationError(
            _("Enter a CPR number with 10 digits, like 010190-1234."), code="cpr_format"
        )
    try:
        cpr_number.get_birth_date(digits)
    except StdnumError:
        raise forms.ValidationError(
            _("The first six digits of the CPR number are not a valid date."),
            code="cpr_date",
        ) from None
    return digits


class CprField(forms.CharField):
    """A form field for a CPR number; cleans to the ten digits."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 11)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return clean_cpr(str(value)) if value else value
