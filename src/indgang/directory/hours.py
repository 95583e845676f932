"""Opening hours: OpenStreetMap ``opening_hours`` expressions, Danish public
holidays and dated exceptions, evaluated in Copenhagen local time.

The weekly pattern is an OSM expression parsed by ``opening-hours-py``. The
``holidays`` package is the calendar of Danish public holidays: on those days
a unit is closed unless its expression says what happens on ``PH``. A dated
exception (Christmas Eve, a staff day) overrides both.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import holidays
import opening_hours
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indgang.directory.constants import TIME_ZONE

LOCAL = ZoneInfo(TIME_ZONE)
# How far ahead "opens ..." looks for the next opening.
LOOKAHEAD_DAYS = 21
_POSITION = re.compile(r"--> (\d+):(\d+)")


@cache
def _parse(expression: str) -> opening_hours.OpeningHours:
    return opening_hours.OpeningHours(expression, country="DK")


def validate_expression(expression: str) -> None:
    """Refuse an expression that is not valid OSM syntax, saying where it fails."""
    try:
        _parse(expression.strip())
    except opening_hours.ParserError as exc:  # type: ignore[attr-defined]  # missing from the stub
        match = _POSITION.search(str(exc))
        column = int(match.group(2)) if match else 1
        raise ValidationError(
            gettext_lazy(
                "These opening hours cannot be read: the error is at character %(column)s "
                "(“%(near)s”). Write them in the OpenStreetMap syntax, for example "
                "“Mo-Fr 09:00-17:00; Th 09:00-18:00”."
            ),
            code="invalid_opening_hours",
            params={"column": column, "near": expression[column - 1 : column + 9] or expression},
        ) from exc


@cache
def danish_holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("DK", years=year, language="da").items())


def holiday_name(day: dt.date) -> str | None:
    return danish_holidays(day.year).get(day)


@dataclass(frozen=True)
class DayException:
    """A dated exception: ``hours`` empty means closed all day."""

    hours: str
    reason: str


@dataclass(frozen=True)
class DayHours:
    day: dt.date
    intervals: tuple[tuple[dt.datetime, dt.datetime], ...]
    note: str  # holiday name or exception reason, "" on an ordinary day

    @property
    def is_open(self) -> bool:
        return bool(self.intervals)


@dataclass(frozen=True)
class Status:
    is_open: bool
    changes_at: dt.datetime | None  # closes at (when open) / opens at (when closed)
    note: str

    def text(self, now: dt.datetime | None = None) -> str:
        """ "Åben nu — lukker 17.00" / "Lukket — åbner mandag 9.00"."""
        if self.is_open:
            if self.changes_at is None:
                return str(_("Open now"))
            return _("Open now — closes %(time)s") % {"time": clock(self.changes_at)}
        if self.changes_at is None:
            return str(_("Closed"))
        return _("Closed — opens %(when)s") % {"when": when(self.changes_at, now)}


def clock(moment: dt.datetime) -> str:
    local = moment.astimezone(LOCAL)
    return f"{local.hour}.{local.minute:02d}"


def when(moment: dt.datetime, now: dt.datetime | None = None) -> str:
    local = moment.astimezone(LOCAL)
    today = (now or timezone.now()).astimezone(LOCAL).date()
    days = (local.date() - today).days
    if days == 0:
        day = _("today")
    elif days == 1:
        day = _("tomorrow")
    elif days < 7:
        day = formats.date_format(local, "l").lower()
    else:
        day = formats.date_format(local, "j. F")
    return f"{day} {clock(local)}"


@dataclass(frozen=True)
class Schedule:
    expression: str
    exceptions: dict[dt.date, DayException]

    def day(self, day: dt.date) -> DayHours:
        exception = self.exceptions.get(day)
        if exception is not None:
            expression, note = exception.hours, exception.reason
        else:
            note = holiday_name(day) or ""
            expression = self.expression
            if note and not re.search(r"\bPH\b", expression):
                return DayHours(day, (), note)
        if not expression.strip():
            return DayHours(day, (), note)
        start = dt.datetime.combine(day, dt.time())
        end = start + dt.timedelta(days=1)
        intervals = tuple(
            (_local(a), _local(b))
            for a, b, state, _comment in _parse(expression).intervals(start, end)
            if state == opening_hours.State.OPEN
        )
        return DayHours(day, intervals, note)

    def week(self, first: dt.date, days: int = 7) -> list[DayHours]:
        return [self.day(first + dt.timedelta(days=n)) for n in range(days)]

    def status(self, at: dt.datetime | None = None) -> Status:
        now = (at or timezone.now()).astimezone(LOCAL)
        today = now.date()
        for offset in range(LOOKAHEAD_DAYS):
            hours = self.day(today + dt.timedelta(days=offset))
            for start, end in hours.intervals:
                if start <= now < end:
                    return Status(True, self._closes(end), hours.note)
                if start > now:
                    return Status(False, start, self.day(today).note)
        return Status(False, None, self.day(today).note)

    def _closes(self, end: dt.datetime) -> dt.datetime | None:
        # Follow intervals that run on past midnight (e.g. 24/7) until a real closing.
        for _n in range(LOOKAHEAD_DAYS):
            following = self.day(end.date())
            nxt = next((b for a, b in following.intervals if a == end and b > end), None)
            if nxt is None:
                return end
            end = nxt
        return None


def _local(naive: dt.datetime) -> dt.datetime:
    return naive.replace(tzinfo=LOCAL)
