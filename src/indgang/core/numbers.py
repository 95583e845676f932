"""Numbers and amounts as Danes type and read them.

``parse_number`` reads what a citizen types in an amount or number field:
``6.500``, ``3.250,50``, ``3250,50``, ``1200,50``, ``6 500 kr.`` and the
English ``1,200.50``; ``kroner`` shows an amount as ``6.500 kr.`` or
``3.250,50 kr.``. The form fields use both, so every number field in Indgang
reads and shows numbers the same way.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Digits in groups of three after the first group: "6.500", "1.200.000".
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_CURRENCY = re.compile(r"(?i)\s*(kr\.?|dkk)\s*$|^\s*(kr\.?|dkk)\s*")


def _danish() -> bool:
    return (get_language() or "da")[:2] != "en"


def parse_number(text: str) -> Decimal:
    """The number a citizen typed; ``ValueError`` when it is not one.

    A comma is the decimal separator, a dot or a space groups thousands
    (Danish). A lone dot followed by other than three digits is read as a
    decimal point ("6.5", "1200.50"), and in English "3,250" is three
    thousand two hundred and fifty.
    """
    value = _CURRENCY.sub("", str(text)).strip().replace("\u00a0", " ").replace(" ", "")
    sign = ""
    if value[:1] in "-−":
        sign, value = "-", value[1:]
    if not value or not re.fullmatch(r"[\d.,]+", value) or not value[0].isdigit():
        raise ValueError(text)
    if "." in value and "," in value:
        # The later separator is the decimal one: "3.250,50" or "3,250.50".
        decimal_sep = "," if value.rfind(",") > value.rfind(".") else "."
        whole, _sep, fraction = value.rpartition(decimal_sep)
        if not _GROUPED.fullmatch(whole) or not fraction.isdigit():
            raise ValueError(text)
    elif value.count(",") == 1 and not (not _danish() and _GROUPED.fullmatch(value)):
        whole, _sep, fraction = value.partition(",")
        if not fraction.isdigit():
            raise ValueError(text)
    elif value.count(".") == 1 and not _GROUPED.fullmatch(value):
        whole, _sep, fraction = value.partition(".")
        if not fraction.isdigit():
            raise ValueError(text)
    elif "." in value or "," in value:
        if not _GROUPED.fullmatch(value):
            raise ValueError(text)
        whole, fraction = value, ""
    else:
        whole, fraction = value, ""
    digits = re.sub(r"[.,]", "", whole)
    try:
        return Decimal(f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}")
    except InvalidOperation as error:
        raise ValueError(text) from error


def kroner(amount: Any, *, unit: bool = True) -> str:
    """6500 → "6.500 kr.", 3250.5 → "3.250,50 kr." (whole kroner without decimals).
    An empty amount is shown as ""."""
    if amount in (None, ""):
        return ""
    try:
        value = amount if isinstance(amount, Decimal) else parse_number(str(amount))
    except ValueError:
        return str(amount)
    value = value.quantize(Decimal("0.01"))
    whole = int(abs(value))
    cents = int((abs(value) - whole) * 100)
    grouped = f"{whole:,}"
    danish = _danish()
    text = grouped.replace(",", ".") if danish else grouped
    if cents:
        text += f"{',' if danish else '.'}{cents:02d}"
    if value < 0:
        text = f"-{text}"
    return f"{text} kr." if unit else text


def number(value: Any) -> str:
    """A whole number with the language's thousands separator: 19460 → "19.460"."""
    if value in (None, ""):
        return ""
    grouped = f"{int(value):,}"
    return grouped.replace(",", ".") if _danish() else grouped


def percent(value: Any, places: int = 1) -> str:
    """12.5 → "12,5 %" in Danish, "12.5%" in English."""
    if value in (None, ""):
        return ""
    text = f"{float(value):.{places}f}"
    if _danish():
        return f"{text.replace('.', ',')} %"
    return f"{text}%"


class _TypedNumber:
    """Reads a typed number with ``parse_number`` before the field's own checks
    (maximum decimals, minimum, maximum), and keeps what was typed on errors."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:  # type: ignore[attr-defined]
            return None
        try:
            parsed = parse_number(str(value))
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["invalid"],  # type: ignore[attr-defined]
                code="invalid",
            ) from None
        return parsed


class DecimalNumberField(_TypedNumber, forms.DecimalField):
    """A decimal number typed the Danish way (``7,5``, ``1.200,5``)."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal) and _danish():
            return str(value).replace(".", ",")
        return value


class AmountField(DecimalNumberField):
    """An amount in kroner typed the Danish way (``3.250,50``), at most two decimals."""

    default_error_messages = {
        "invalid": _("Write an amount in kroner, for example 6.500 or 3.250,50."),
        "max_decimal_places": _("Write at most 2 decimals (øre), for example 3.250,50."),
        "min_value": _("The amount cannot be less than %(limit_value)s."),
        "max_value": _("The amount cannot be more than %(limit_value)s."),
        "max_digits": _("The amount is too large."),
        "max_whole_digits": _("The amount is too large."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        # Shown again the way it is read: "3.250,50", not "3250.50".
        if isinstance(value, Decimal):
            return kroner(value, unit=False)
        return value


class WholeNumberField(_TypedNumber, forms.IntegerField):
    """A whole number that may be typed with thousands separators (``6.500``)."""

    default_error_messages = {
        "invalid": _("Write a whole number, for example 3 or 6.500."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        parsed = super().to_python(value)
        if parsed is None:
            return None
        if parsed != parsed.to_integral_value():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(parsed)
