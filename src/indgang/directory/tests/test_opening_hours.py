from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from indgang.directory.hours import LOCAL, DayException, Schedule, validate_expression

WEEKDAYS = "Mo-Fr 09:00-17:00"

# Every Danish public holiday of 2026 and 2027 that falls on a weekday.
HOLIDAYS_ON_WEEKDAYS = [
    (dt.date(2026, 1, 1), "Nytårsdag"),
    (dt.date(2026, 4, 2), "Skærtorsdag"),
    (dt.date(2026, 4, 3), "Langfredag"),
    (dt.date(2026, 4, 6), "Anden påskedag"),
    (dt.date(2026, 5, 14), "Kristi himmelfartsdag"),
    (dt.date(2026, 5, 25), "Anden pinsedag"),
    (dt.date(2026, 12, 25), "Juledag"),
    (dt.date(2027, 1, 1), "Nytårsdag"),
    (dt.date(2027, 3, 25), "Skærtorsdag"),
    (dt.date(2027, 3, 26), "Langfredag"),
    (dt.date(2027, 3, 29), "Anden påskedag"),
    (dt.date(2027, 5, 6), "Kristi himmelfartsdag"),
    (dt.date(2027, 5, 17), "Anden pinsedag"),
]


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LOCAL)  # type: ignore[misc]


@pytest.mark.parametrize(("day", "name"), HOLIDAYS_ON_WEEKDAYS)
def test_it_is_closed_on_danish_public_holidays(day: dt.date, name: str) -> None:
    hours = Schedule(WEEKDAYS, {}).day(day)
    assert not hours.is_open
    assert hours.note == name


def test_store_bededag_is_an_ordinary_working_day_since_2024() -> None:
    assert Schedule(WEEKDAYS, {}).day(dt.date(2026, 5, 1)).is_open


def test_grundlovsdag_is_not_a_public_holiday_but_can_be_an_exception() -> None:
    assert Schedule(WEEKDAYS, {}).day(dt.date(2026, 6, 5)).is_open
    schedule = Schedule(
        WEEKDAYS, {dt.date(2026, 6, 5): DayException("10:00-12:00", "Grundlovsdag")}
    )
    day = schedule.day(dt.date(2026, 6, 5))
    assert day.intervals == ((at(2026, 6, 5, 10), at(2026, 6, 5, 12)),)
    assert day.note == "Grundlovsdag"


def test_an_expression_may_open_on_public_holidays() -> None:
    schedule = Schedule("Mo-Su 10:00-16:00; PH 12:00-14:00", {})
    assert schedule.day(dt.date(2026, 12, 25)).intervals == (
        (at(2026, 12, 25, 12), at(2026, 12, 25, 14)),
    )


def test_christmas_eve_exception_closes_and_next_opening_skips_the_holidays() -> None:
    schedule = Schedule(WEEKDAYS, {dt.date(2026, 12, 24): DayException("", "Juleaftensdag")})
    now = at(2026, 12, 23, 18)
    status = schedule.status(now)
    assert not status.is_open
    # 24th exception, 25th Juledag, 26th-27th weekend → Monday the 28th.
    assert status.changes_at == at(2026, 12, 28, 9)
    assert status.text(now) == "Lukket — åbner mandag 9.00"
    assert schedule.day(dt.date(2026, 12, 24)).note == "Juleaftensdag"


def test_status_texts_in_danish() -> None:
    schedule = Schedule("Mo-We,Fr 10:00-15:00; Th 10:00-17:30", {})
    assert schedule.status(at(2026, 11, 26, 12)).text(at(2026, 11, 26, 12)) == (
        "Åben nu — lukker 17.30"
    )
    assert schedule.status(at(2026, 11, 23, 8)).text(at(2026, 11, 23, 8)) == (
        "Lukket — åbner i dag 10.00"
    )
    assert schedule.status(at(2026, 11, 23, 16)).text(at(2026, 11, 23, 16)) == (
        "Lukket — åbner i morgen 10.00"
    )


def test_a_lunch_break_splits_the_day() -> None:
    schedule = Schedule("Mo-Fr 09:00-12:00,13:00-16:00", {})
    now = at(2026, 11, 23, 12, 30)
    assert schedule.status(now).text(now) == "Lukket — åbner i dag 13.00"


def test_round_the_clock_never_closes() -> None:
    now = at(2026, 11, 23, 12)
    assert Schedule("24/7", {}).status(now).text(now) == "Åben nu"


def test_summer_time_change_keeps_local_hours() -> None:
    day = Schedule(WEEKDAYS, {}).day(dt.date(2026, 3, 30))  # the Monday after the change
    assert [(a.hour, b.hour) for a, b in day.intervals] == [(9, 17)]
    assert day.intervals[0][0].utcoffset() == dt.timedelta(hours=2)


@pytest.mark.parametrize(
    ("expression", "column", "near"),
    [
        ("Mo-Fx 09:00-17:00", 4, "Fx 09:00-1"),
        ("Mo-Fr 09:00-17:00; Sa 25:00-12:00", 23, "25:00-12:0"),
    ],
)
def test_invalid_expressions_are_refused_saying_where(
    expression: str, column: int, near: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_expression(expression)
    message = caught.value.messages[0]
    assert f"fejlen er ved tegn {column}" in message
    assert near in message
