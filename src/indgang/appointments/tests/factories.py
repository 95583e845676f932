from __future__ import annotations

import datetime as dt

import factory

from indgang.appointments.models import BookableService, Booking
from indgang.directory.hours import LOCAL
from indgang.directory.tests.factories import UnitFactory
from indgang.identity.citizen import CitizenIdentity


class ServiceFactory(factory.django.DjangoModelFactory[BookableService]):
    class Meta:
        model = BookableService

    unit = factory.SubFactory(UnitFactory, opening_hours="Mo-Fr 09:00-12:00")
    name = "Pas"
    duration_minutes = 30
    desks = 2
    documents = "Dit gamle pas"


class BookingFactory(factory.django.DjangoModelFactory[Booking]):
    class Meta:
        model = Booking

    service = factory.SubFactory(ServiceFactory)
    starts_at = dt.datetime(2027, 1, 5, 10, tzinfo=LOCAL)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=30))
    desk = 1
    citizen_cpr = factory.Sequence(lambda n: f"0101{n:06d}")
    citizen_name = "Test Borger"
    phone = "+4520123456"
    email = "borger@example.dk"


def citizen(n: int = 1) -> CitizenIdentity:
    return CitizenIdentity(cpr=f"01019{n:05d}", name=f"Borger {n}", idp="test")
