"""Dates, amounts and percentages in Danish in every template; no template
prints an abbreviated month with Django's own "M" (it writes "3. Dec 2026")."""

import datetime as dt
import re
from pathlib import Path

from django.template import engines
from django.utils import translation

import indgang

TEMPLATE = engines["django"].from_string(
    '{{ d|dkdate }}|{{ t|dkdate:"D j. M Y H:i" }}|{{ m|dkdate:"j. M" }}|'
    "{{ a|kroner }}|{{ p|percent:1 }}"
)


def render(**values: object) -> str:
    return TEMPLATE.render(values)


def test_dates_amounts_and_percentages_are_danish():
    values = {
        "d": dt.date(2026, 12, 3),
        "t": dt.datetime(2026, 12, 3, 14, 30, tzinfo=dt.UTC),
        "m": dt.date(2026, 5, 1),
        "a": "3250.50",
        "p": 12.5,
    }
    with translation.override("da"):
        assert render(**values) == "3. dec. 2026|tor. 3. dec. 2026 15:30|1. maj|3.250,50 kr.|12,5 %"
    with translation.override("en"):
        assert render(**values) == "3 Dec 2026|Thu 3 Dec 2026 15:30|1 May|3,250.50 kr.|12.5%"


def test_no_template_formats_an_abbreviated_month_with_djangos_date_filter():
    root = Path(indgang.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("**/templates/**/*.html")
        if re.search(r"\|date:([\"'])[^\"']*(?<!\\)[MDb][^\"']*\1", path.read_text())
    ]
    assert offenders == []
