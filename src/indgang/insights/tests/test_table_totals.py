"""The dashboard tables' "All" row and change column say what they mean."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from indgang.insights.metrics import METRICS, Filters, Period, Point, Unit, Value
from indgang.insights.tables import Row, Table, change

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
Q2 = Period(date(2026, 4, 1), date(2026, 6, 30))


def test_a_change_that_rounds_to_nothing_has_no_minus_sign() -> None:
    with translation.override("da"):
        assert change(0.1371, 0.13705, Unit.SHARE) == "±0,0 procentpoint"
        assert change(0.1371, 0.1361, Unit.SHARE) == "−0,1 procentpoint"
        assert change(100.2, 100.0, Unit.KRONER) == "±0 kr."
        assert change(3.0, 3.5, Unit.COUNT) == "+0,5"


def test_the_channel_share_all_row_is_100_percent_and_the_digital_share_is_named() -> None:
    metric = METRICS["channel_share"]
    before = Value(
        0.137, (Point("selfservice", "Selvbetjening", 0.137), Point("phone", "Telefon", 0.863))
    )
    now = Value(0.2, (Point("selfservice", "Selvbetjening", 0.2), Point("phone", "Telefon", 0.8)))
    rows = (Row("selfservice", "Selvbetjening", 0.137, 0.2), Row("phone", "Telefon", 0.863, 0.8))
    table = Table(metric, Q1, Q2, before, now, rows, Filters())
    with translation.override("da"):
        assert table.total == {
            "baseline": "100,0 %",
            "current": "100,0 %",
            "change": "±0,0 procentpoint",
        }
        assert table.headline["current"] == "20,0 %"
        assert str(metric.headline_title) == "Digital andel"
    # Every other metric's "All" row is its headline.
    contacts = Table(METRICS["contacts"], Q1, Q2, Value(5.0), Value(7.0), (), Filters())
    assert contacts.total == contacts.headline


def test_chart_axes_use_danish_number_format() -> None:
    table = Table(METRICS["contacts"], Q1, Q2, Value(5.0), Value(7.0), (), Filters())
    locale = table.chart_spec()["config"]["locale"]["number"]
    assert (locale["decimal"], locale["thousands"]) == (",", ".")
