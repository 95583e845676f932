"""Public reads: free slots, bookings, no-show rates."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.core import signing
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.appointments.constants import BOOKING_HORIZON_DAYS, MANAGE_SALT, BookingStatus
from indgang.appointments.models import ACTIVE, BookableService, Booking
from indgang.catalogue import queries as catalogue
from indgang.catalogue import vocabulary
from indgang.core import audit
from indgang.directory import queries as directory
from indgang.directory.hours import Schedule


@dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    free: int


def services() -> QuerySet[BookableService]:
    return BookableService.objects.filter(active=True).select_related("unit")


def service(pk: int) -> BookableService | None:
    return services().filter(pk=pk).first()


def _grid(
    schedule: Schedule, day: dt.date, length: dt.timedelta
) -> list[tuple[dt.datetime, dt.datetime]]:
    """From each opening of the day, one slot per duration that ends by closing."""
    grid = []
    for opens, closes in schedule.day(day).intervals:
        start = opens
        while start + length <= closes:
            grid.append((start, start + length))
            start += length
    return grid


def _schedule(service: BookableService) -> Schedule:
    unit = directory.unit(service.unit.slug)
    assert unit is not None
    return unit.schedule()


def slot_times(service: BookableService, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    """The slot grid of one day; holidays and exceptions give no slots."""
    return _grid(_schedule(service), day, dt.timedelta(minutes=service.duration_minutes))


def slots(
    service: BookableService,
    first: dt.date | None = None,
    days: int = BOOKING_HORIZON_DAYS,
    now: dt.datetime | None = None,
) -> list[Slot]:
    """Slots from ``first`` for ``days`` days with free desks, future only."""
    now = now or timezone.now()
    first = first or timezone.localdate(now)
    schedule = _schedule(service)
    length = dt.timedelta(minutes=service.duration_minutes)
    taken = Counter(
        Booking.objects.filter(ACTIVE, service=service, starts_at__gte=now).values_list(
            "starts_at", flat=True
        )
    )
    return [
        Slot(start, end, service.desks - taken[start])
        for offset in range(days)
        for start, end in _grid(schedule, first + dt.timedelta(days=offset), length)
        if start > now and taken[start] < service.desks
    ]


def alternatives(
    service: BookableService, around: dt.datetime, count: int = 3, now: dt.datetime | None = None
) -> list[Slot]:
    """The free slots closest after ``around`` (or after now, if later)."""
    after = max(around, now or timezone.now())
    return [s for s in slots(service, timezone.localdate(after), now=now) if s.starts_at > after][
        :count
    ]


def manage_token(booking: Booking) -> str:
    return signing.dumps(booking.pk, salt=MANAGE_SALT)


def booking_from_token(token: str) -> Booking | None:
    try:
        pk = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature:
        return None
    return Booking.objects.select_related("service__unit").filter(pk=pk).first()


def day_bookings(unit_slug: str, day: dt.date) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(ACTIVE, service__unit__slug=unit_slug, starts_at__date=day)
        .select_related("service")
        .order_by("starts_at", "desk")
    )


@dataclass(frozen=True)
class NoShowRate:
    unit: str
    service: str
    appointments: int
    no_shows: int

    @property
    def rate(self) -> float:
        return self.no_shows / self.appointments if self.appointments else 0.0


def no_show_rates(
    administration_code: str | None = None,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> list[NoShowRate]:
    """Per service and centre, over past appointments that were not cancelled
    (optionally only those starting at or after ``since`` and before ``until``)."""
    now = timezone.now()
    past = Booking.objects.filter(ACTIVE, starts_at__lt=min(until or now, now))
    if since is not None:
        past = past.filter(starts_at__gte=since)
    if administration_code:
        past = past.filter(service__unit__administration_id=administration_code)
    rows = (
        past.values("service__unit__name", "service__name")
        .annotate(total=Count("id"), no_shows=Count("id", filter=Q(status=BookingStatus.NO_SHOW)))
        .order_by("service__unit__name", "service__name")
    )
    return [
        NoShowRate(r["service__unit__name"], r["service__name"], r["total"], r["no_shows"])
        for r in rows
    ]


def named_services() -> Iterator[catalogue.KnownService]:
    """Bookable services for the catalogue's service vocabulary (names only)."""
    for name in BookableService.objects.values_list("name", flat=True).distinct():
        yield catalogue.KnownService(vocabulary.slug_for(name), name)


def upcoming_bookings_of(cpr: str, now: dt.datetime | None = None) -> QuerySet[Booking]:
    """A citizen's booked times from now on, soonest first."""
    return (
        Booking.objects.select_related("service__unit")
        .filter(
            citizen_cpr=cpr,
            status=BookingStatus.BOOKED,
            starts_at__gte=now or timezone.now(),
        )
        .order_by("starts_at")
    )


# -- audit texts written by appointments (see core.audit.describe) --------------------


@audit.describer(r"appointment (?P<status>[a-z_]+)", "appointment checked_in")
def _appointment_text(match: re.Match[str]) -> str:
    status = match["status"]
    label = BookingStatus(status).label if status in BookingStatus.values else status
    return _("appointment: %(status)s") % {"status": str(label).lower()}
