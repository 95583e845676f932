"""50 citizens press "Book" at the same moment for a slot with two desks.

On PostgreSQL the 50 threads really race. SQLite has one writer at a time,
and the in-memory test database reports "table is locked" instead of waiting,
so there the threads take turns: the outcome must be the same.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading

from django.db import connection

from indgang.appointments import services
from indgang.appointments.models import Booking
from indgang.appointments.tests.conftest import threaded
from indgang.appointments.tests.factories import ServiceFactory, citizen
from indgang.directory.hours import LOCAL

NOW = dt.datetime(2027, 1, 4, 8, tzinfo=LOCAL)  # a Monday morning
SLOT = dt.datetime(2027, 1, 5, 10, tzinfo=LOCAL)

pytestmark = threaded


def test_fifty_simultaneous_bookings_of_two_desks_give_exactly_two(committed: None) -> None:
    service = ServiceFactory(desks=2)
    barrier = threading.Barrier(50)
    booked: list[int] = []
    refused: list[services.BookingRefused] = []
    errors: list[BaseException] = []
    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            with turns:
                booking = services.book(
                    service=service, starts_at=SLOT, citizen=citizen(n), now=NOW
                )
            booked.append(booking.desk)
        except services.BookingRefused as exc:
            refused.append(exc)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(booked) == [1, 2]
    assert len(refused) == 48
    assert Booking.objects.filter(service=service, starts_at=SLOT).count() == 2
    message = refused[0].message
    assert "har lige booket den sidste" in message
    # The alternatives are the next free times, starting with the next slot.
    assert [s.starts_at for s in refused[0].alternatives] == [
        SLOT + dt.timedelta(minutes=30),
        SLOT + dt.timedelta(minutes=60),
        SLOT + dt.timedelta(minutes=90),
    ]
