"""The business-case calculator: a pure calculation that shows its working.

The municipality's own example: 19,460 calls a year × 8 minutes × 30 % fewer
calls = 46,704 minutes = 778.4 hours saved a year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

HUNDRED = Decimal(100)
SIXTY = Decimal(60)


@dataclass(frozen=True)
class Inputs:
    calls_per_year: int
    minutes_per_call: Decimal
    reduction_percent: Decimal
    cost_per_hour: Decimal
    investment_per_year: Decimal = Decimal(0)
    one_off_investment: Decimal = Decimal(0)


@dataclass(frozen=True)
class Line:
    label: str
    working: str


@dataclass(frozen=True)
class Result:
    calls_avoided: Decimal
    minutes_saved: Decimal
    hours_saved: Decimal
    kroner_saved: Decimal
    net_per_year: Decimal
    # 1 = paid back in the first year; None = never (the net saving is not positive).
    payback_year: int | None
    lines: tuple[Line, ...]


def _n(value: Decimal | int, places: int = 1) -> str:
    """A number in the current language's format, without needless decimals."""
    if isinstance(value, Decimal):
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize()
        places = max(-value.as_tuple().exponent, 0)  # type: ignore[operator]
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def calculate(inputs: Inputs) -> Result:
    """Hours and kroner saved a year, the net saving after the yearly
    investment, and the year the one-off investment is paid back."""
    calls = Decimal(inputs.calls_per_year)
    share = inputs.reduction_percent / HUNDRED
    calls_avoided = calls * share
    minutes_saved = calls * inputs.minutes_per_call * share
    hours_saved = minutes_saved / SIXTY
    kroner_saved = hours_saved * inputs.cost_per_hour
    net = kroner_saved - inputs.investment_per_year
    if net <= 0:
        payback: int | None = None
    elif inputs.one_off_investment <= 0:
        payback = 1
    else:
        payback = max(1, math.ceil(inputs.one_off_investment / net))

    kr = _("kr.")
    lines = [
        Line(
            _("Calls avoided a year"),
            f"{_n(calls)} × {_n(inputs.reduction_percent)} % = {_n(calls_avoided)}",
        ),
        Line(
            _("Minutes saved a year"),
            f"{_n(calls)} × {_n(inputs.minutes_per_call)} min × "
            f"{_n(inputs.reduction_percent)} % = {_n(minutes_saved)} min",
        ),
        Line(
            _("Hours saved a year"),
            f"{_n(minutes_saved)} min ÷ 60 = {_n(hours_saved)} " + pgettext("time saved", "hours"),
        ),
        Line(
            _("Kroner saved a year"),
            f"{_n(hours_saved)} × {_n(inputs.cost_per_hour)} {kr} = {_n(kroner_saved, 0)} {kr}",
        ),
        Line(
            _("Net saving a year after the yearly investment"),
            f"{_n(kroner_saved, 0)} {kr} − {_n(inputs.investment_per_year, 0)} {kr} = "
            f"{_n(net, 0)} {kr}",
        ),
    ]
    if payback is None:
        lines.append(
            Line(_("Payback"), _("Never: the yearly investment is as large as the saving."))
        )
    elif inputs.one_off_investment > 0:
        lines.append(
            Line(
                _("Payback"),
                f"{_n(inputs.one_off_investment, 0)} {kr} ÷ {_n(net, 0)} {kr} = "
                f"{_n(inputs.one_off_investment / net, 2)} → "
                + _("year %(year)s")
                % {"year": payback},
            )
        )
    else:
        lines.append(Line(_("Payback"), _("Year 1: there is no one-off investment.")))
    return Result(
        calls_avoided=calls_avoided,
        minutes_saved=minutes_saved,
        hours_saved=hours_saved,
        kroner_saved=kroner_saved,
        net_per_year=net,
        payback_year=payback,
        lines=tuple(lines),
    )
