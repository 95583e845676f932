"""Timestamp parsing shared by the XES and CSV readers.

Everything ends up as ``Datetime("us", "UTC")``. Values with a UTC offset
are converted to UTC; values without one are read in ``timezone``
(XES and pm4py read them as UTC, so that is the default).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from .errors import EventLogError

# Tried in order; each later pattern only sees the values the earlier ones
# could not parse, so the common case costs one vectorised pass.
_AWARE_FORMATS = ("%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%d %H:%M:%S%.f%#z")
_NAIVE_FORMATS = ("%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d")


def check_timezone(timezone: str) -> None:
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise EventLogError(
            "unknown_timezone",
            f"Ukendt tidszone: '{timezone}'.",
            f"Unknown time zone: '{timezone}'.",
            timezone=timezone,
        ) from exc


def _localise(naive: pl.Series, timezone: str) -> pl.Series:
    if timezone == "UTC":
        return naive.dt.replace_time_zone("UTC")
    # DST gaps/overlaps: an ambiguous local time takes the earlier instant.
    return naive.dt.replace_time_zone(
        timezone, ambiguous="earliest", non_existent="null"
    ).dt.convert_time_zone("UTC")


def parse_timestamps(
    values: pl.Series, *, fmt: str | None = None, timezone: str = "UTC"
) -> pl.Series:
    """Parse strings to UTC datetimes; unparsable values become null.

    Callers compare nulls before and after to report bad values.
    """
    if values.dtype != pl.String:
        values = values.cast(pl.String)
    if fmt is not None:
        aware = "%z" in fmt or "%:z" in fmt or "%#z" in fmt or "%Z" in fmt
        try:
            parsed = values.str.to_datetime(fmt, time_unit="us", strict=False)
        except pl.exceptions.PolarsError as exc:
            raise EventLogError(
                "bad_timestamp_format",
                f"Tidsformatet '{fmt}' er ugyldigt: {exc}",
                f"The timestamp format '{fmt}' is invalid: {exc}",
                format=fmt,
            ) from exc
        dtype = parsed.dtype
        if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
            return parsed.dt.convert_time_zone("UTC")
        if aware:
            return parsed.dt.replace_time_zone("UTC")
        return _localise(parsed, timezone)

    result = values.str.to_datetime(_AWARE_FORMATS[0], time_unit="us", strict=False)
    todo = result.is_null() & values.is_not_null()
    if not todo.any():
        return result
    for pattern in _AWARE_FORMATS[1:]:
        attempt = values.str.to_datetime(pattern, time_unit="us", strict=False)
        result = result.zip_with(~todo, attempt)
        todo = result.is_null() & values.is_not_null()
    for pattern in _NAIVE_FORMATS:
        if not todo.any():
            return result
        attempt = _localise(values.str.to_datetime(pattern, time_unit="us", strict=False), timezone)
        result = result.zip_with(~todo, attempt)
        todo = result.is_null() & values.is_not_null()
    if todo.any():
        # Rare spellings (e.g. '+0200' or week dates): Python's ISO parser, once per value.
        rest = values.filter(todo).unique()
        mapping = {v: _python_iso(v, timezone) for v in rest.to_list()}
        attempt = values.replace_strict(
            list(mapping),
            list(mapping.values()),
            default=None,
            return_dtype=pl.Datetime("us", "UTC"),
        )
        result = result.zip_with(~todo, attempt)
    return result


def _python_iso(value: str, timezone: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(timezone))
    return parsed.astimezone(UTC)
