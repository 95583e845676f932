"""Dashboard tables: a metric for a baseline and a current period, formatted
for the page, exported as CSV or Excel, and drawn as a Vega-Lite chart."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indgang.insights.metrics import Filters, Metric, Period, Unit, Value, display

# A chart shows at most this many rows; the table always has them all.
CHART_ROWS = 15
# Vega's number locale for Danish (d3-format): decimal comma, thousands dot.
DANISH_NUMBERS = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["", " kr."],
    "percent": " %",
}


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    baseline: float | None
    current: float | None


@dataclass(frozen=True)
class Table:
    metric: Metric
    baseline_period: Period
    current_period: Period
    baseline: Value
    current: Value
    rows: tuple[Row, ...]
    filters: Filters

    @property
    def id(self) -> str:
        return self.metric.id

    @property
    def chart_id(self) -> str:
        return f"chart-{self.metric.id}"

    @property
    def note(self) -> str:
        return self.current.note or self.baseline.note

    @property
    def ignored_filters(self) -> list[str]:
        """The chosen filters this metric cannot honour (shown beside it)."""
        names = {
            "channel": _("channel"),
            "service": _("service"),
            "administration": _("administration"),
        }
        return [
            str(names[name])
            for name in ("channel", "service", "administration")
            if getattr(self.filters, name) and name not in self.metric.honours
        ]

    @property
    def headline(self) -> dict[str, str]:
        unit = self.metric.unit
        return {
            "baseline": display(self.baseline.value, unit),
            "current": display(self.current.value, unit),
            "change": change(self.baseline.value, self.current.value, unit),
        }

    @property
    def total(self) -> dict[str, str]:
        """The table's "All" row: the headline, or, where the headline is one
        part of the breakdown (the digital share), the sum of the rows
        (the channel shares add up to 100 %)."""
        if self.metric.headline_title is None:
            return self.headline
        unit = self.metric.unit
        sums = [
            sum(v for v in values if v is not None) if any(v is not None for v in values) else None
            for values in ([r.baseline for r in self.rows], [r.current for r in self.rows])
        ]
        return {
            "baseline": display(sums[0], unit),
            "current": display(sums[1], unit),
            "change": change(sums[0], sums[1], unit),
        }

    def display_rows(self) -> list[dict[str, str]]:
        unit = self.metric.unit
        return [
            {
                "label": r.label,
                "baseline": display(r.baseline, unit),
                "current": display(r.current, unit),
                "change": change(r.baseline, r.current, unit),
            }
            for r in self.rows
        ]

    def chart_spec(self) -> dict[str, Any]:
        baseline_name = _("Baseline %(period)s") % {"period": self.baseline_period}
        current_name = _("Current %(period)s") % {"period": self.current_period}
        values = []
        for r in self.rows[:CHART_ROWS]:
            for name, value in ((baseline_name, r.baseline), (current_name, r.current)):
                if value is not None:
                    values.append({"label": r.label, "period": name, "value": value})
        axis: dict[str, Any] = {"format": ".0%"} if self.metric.unit == Unit.SHARE else {}
        return {
            "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "description": str(self.metric.title),
            # Axis numbers as in the tables: 1.234,5 and 13,7 %.
            "config": {"locale": {"number": DANISH_NUMBERS}},
            "width": "container",
            "autosize": {"type": "fit-x", "contains": "padding"},
            "data": {"values": values},
            "mark": {"type": "bar", "tooltip": False},
            "encoding": {
                "y": {
                    "field": "label",
                    "type": "nominal",
                    "sort": None,
                    "title": str(self.metric.series_title),
                    "axis": {"labelLimit": 220},
                },
                "x": {
                    "field": "value",
                    "type": "quantitative",
                    "title": unit_title(self.metric.unit),
                    "axis": axis,
                },
                "yOffset": {"field": "period", "sort": [baseline_name, current_name]},
                "color": {
                    "field": "period",
                    "type": "nominal",
                    "sort": [baseline_name, current_name],
                    "scale": {"range": ["#9bb3d9", "#0059b3"]},
                    "legend": {"orient": "bottom", "title": None},
                },
            },
        }


def build(metric: Metric, baseline: Period, current: Period, filters: Filters) -> Table:
    before, now = metric(baseline, filters), metric(current, filters)
    order: dict[str, str] = {}
    for point in (*now.series, *before.series):
        order.setdefault(point.key, point.label)
    old = {p.key: p.value for p in before.series}
    new = {p.key: p.value for p in now.series}
    rows = tuple(Row(key, label, old.get(key), new.get(key)) for key, label in order.items())
    return Table(metric, baseline, current, before, now, rows, filters)


def unit_title(unit: str) -> str:
    return {
        Unit.COUNT: _("Number"),
        Unit.SHARE: _("Share"),
        Unit.KRONER: _("Kroner"),
        Unit.SCORE: _("Mean score (1–5)"),
    }.get(unit, "")


def change(before: float | None, after: float | None, unit: str) -> str:
    if before is None or after is None:
        return "–"
    diff = after - before
    # The sign follows the difference as shown: a change that rounds to zero
    # is "±0,0", never "−0,0".
    places = {Unit.SHARE: 1, Unit.KRONER: 0, Unit.SCORE: 2}.get(unit, 1)
    shown = round(diff * 100 if unit == Unit.SHARE else diff, places)
    sign = "+" if shown > 0 else ("−" if shown < 0 else "±")
    if unit == Unit.SHARE:
        points = number_format(abs(shown), 1, use_l10n=True)
        return f"{sign}{points} " + _("percentage points")
    return sign + display(abs(diff) if shown else 0, unit)


# -- export ----------------------------------------------------------------------


def _header(tables: Sequence[Table]) -> list[str]:
    first = tables[0]
    return [
        _("Metric"),
        _("Unit"),
        _("Key"),
        _("Label"),
        _("Baseline %(period)s") % {"period": first.baseline_period},
        _("Current %(period)s") % {"period": first.current_period},
    ]


def _safe(value: Any) -> Any:
    # A label starting with = + - @ would be run as a formula by spreadsheets.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _records(table: Table) -> list[list[Any]]:
    records: list[list[Any]] = [
        [
            str(table.metric.title),
            table.metric.unit,
            "",
            _("Total"),
            table.baseline.value,
            table.current.value,
        ]
    ]
    for r in table.rows:
        records.append(
            [str(table.metric.title), table.metric.unit, r.key, r.label, r.baseline, r.current]
        )
    return [[_safe(v) for v in record] for record in records]


def as_csv(tables: Sequence[Table], filename: str) -> HttpResponse:
    records = [record for table in tables for record in _records(table)]
    return csv_response(_header(tables), records, filename)


def csv_response(header: list[str], records: list[list[Any]], filename: str) -> HttpResponse:
    """A CSV download that Excel opens with æøå intact; formula-safe cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for record in records:
        writer.writerow(["" if v is None else _safe(v) for v in record])
    response = HttpResponse(
        # A byte-order mark so Excel opens the UTF-8 file with æøå intact.
        "\ufeff" + buffer.getvalue(),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def as_xlsx(tables: Sequence[Table], filename: str) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for table in tables:
        sheet = workbook.create_sheet(title=table.id[:31])
        sheet.append(_header(tables))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for record in _records(table):
            sheet.append(record)
        number = {Unit.SHARE: "0.0%", Unit.KRONER: "#,##0", Unit.SCORE: "0.00"}.get(
            table.metric.unit, "#,##0.#"
        )
        for row in sheet.iter_rows(min_row=2, min_col=5, max_col=6):
            for cell in row:
                cell.number_format = number
        sheet.column_dimensions["A"].width = 30
        sheet.column_dimensions["D"].width = 40
        sheet.column_dimensions["E"].width = 26
        sheet.column_dimensions["F"].width = 26
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
