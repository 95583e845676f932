"""Danish dates, amounts and percentages in every template (a builtin library:
no ``{% load %}`` needed).

``{{ when|dkdate }}`` → "3. dec. 2026"; ``{{ when|dkdate:"j. M Y H:i" }}`` →
"3. dec. 2026 14:30"; in English "3 Dec 2026". Use it instead of Django's
``date`` wherever a format has an abbreviated month (``M``) or weekday (``D``):
Django prints "3. Dec 2026", which is not Danish.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import template
from django.template.defaultfilters import date as django_date
from django.utils.translation import get_language

from indgang.core import numbers

register = template.Library()

# Retskrivningsordbogen's abbreviations; short months are written in full.
MONTHS_DA = (
    "jan.", "feb.", "mar.", "apr.", "maj", "juni",
    "juli", "aug.", "sep.", "okt.", "nov.", "dec.",
)  # fmt: skip
WEEKDAYS_DA = ("man.", "tir.", "ons.", "tor.", "fre.", "lør.", "søn.")
_UNESCAPED = r"(?<!\\)"


def _literal(text: str) -> str:
    return "".join(f"\\{c}" for c in text)


def danish_date(value: dt.date | dt.datetime, fmt: str = "j. M Y") -> str:
    """A date in the current language with Danish month and weekday abbreviations."""
    if (get_language() or "da")[:2] == "en":
        return str(django_date(value, fmt.replace("j. ", "j ")))
    month, weekday = _literal(MONTHS_DA[value.month - 1]), _literal(WEEKDAYS_DA[value.weekday()])
    fmt = re.sub(_UNESCAPED + "M", lambda _m: month, fmt)
    fmt = re.sub(_UNESCAPED + "D", lambda _m: weekday, fmt)
    return str(django_date(value, fmt))


@register.filter(expects_localtime=True)
def dkdate(value: Any, fmt: str = "j. M Y") -> str:
    if not isinstance(value, dt.date):
        return ""
    return danish_date(value, fmt)


@register.filter
def kroner(value: Any) -> str:
    """6500 → "6.500 kr."."""
    return numbers.kroner(value)


@register.filter
def percent(value: Any, places: int = 0) -> str:
    """12.5 → "12,5 %" (a number of per cent, not a share)."""
    return numbers.percent(value, int(places))


@register.filter
def audit_text(value: str) -> str:
    """An audit entry's ``what`` or ``purpose`` in the reader's language."""
    # why: core.audit loads the audit model; this library is loaded before models are.
    from indgang.core import audit

    return audit.describe(str(value or ""))
