"""NSIS levels of assurance ("sikringsniveau"): low < substantial < high.

MitID logins carry one; NemLog-in and the brokers spell it differently
(``https://data.gov.dk/concept/core/nsis/loa/Substantial``,
``urn:grn:authn:dk:mitid:substantial``, ``Substantial``), so every spelling
is read by its last word.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    LOW = "low", pgettext_lazy("level of assurance", "low")
    SUBSTANTIAL = "substantial", pgettext_lazy("level of assurance", "substantial")
    HIGH = "high", pgettext_lazy("level of assurance", "high")


ORDER = [Level.LOW, Level.SUBSTANTIAL, Level.HIGH]
_WORDS = {
    "low": Level.LOW,
    "lav": Level.LOW,
    "substantial": Level.SUBSTANTIAL,
    "betydelig": Level.SUBSTANTIAL,
    "high": Level.HIGH,
    "hoej": Level.HIGH,
    "høj": Level.HIGH,
}


def parse(value: object) -> Level | None:
    """The NSIS level a provider's value names, or None if it names none."""
    if not isinstance(value, str) or not value.strip():
        return None
    last = re.split(r"[/:#]", value.strip())[-1].lower()
    return _WORDS.get(last)


def meets(actual: str, required: str) -> bool:
    """True when a login at level ``actual`` is good enough for ``required``."""
    try:
        return ORDER.index(Level(actual)) >= ORDER.index(Level(required))
    except ValueError:
        return False


def highest(*levels: str) -> Level:
    """The strictest of the known levels given (low when none is known)."""
    known = [Level(level) for level in levels if level in Level.values]
    return max(known, key=ORDER.index, default=Level.LOW)


def label(level: str) -> str:
    """The level as the citizen reads it ("betydelig")."""
    try:
        return str(Level(level).label)
    except ValueError:
        return str(pgettext_lazy("level of assurance", "unknown"))
