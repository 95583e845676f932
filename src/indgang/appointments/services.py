"""Public writes: book, reschedule, cancel, check in, no-show, reminders."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indgang.appointments import ical, queries
from indgang.appointments.constants import BookingStatus
from indgang.appointments.models import BookableService, Booking
from indgang.core import audit, events, site
from indgang.core.pseudonym import citizen_key
from indgang.directory.hours import LOCAL, clock
from indgang.identity import services as identity
from indgang.notifications import services as notifications

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from indgang.identity.citizen import CitizenIdentity

logger = logging.getLogger(__name__)


class BookingRefused(Exception):
    """The booking cannot be made; ``message`` says why, in plain words."""

    def __init__(self, message: str, alternatives: list[queries.Slot] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.alternatives = alternatives or []


def _check_slot(service: BookableService, starts_at: dt.datetime, now: dt.datetime) -> None:
    if starts_at <= now or starts_at not in {
        start for start, _end in queries.slot_times(service, starts_at.astimezone(LOCAL).date())
    }:
        raise BookingRefused(
            _("This time cannot be booked. Choose one of the times shown."),
            queries.alternatives(service, starts_at, now=now),
        )


def _full(service: BookableService, starts_at: dt.datetime, now: dt.datetime) -> BookingRefused:
    return BookingRefused(
        _("Sorry, someone else has just booked the last desk at this time. Choose another time."),
        queries.alternatives(service, starts_at, now=now),
    )


@transaction.atomic
def book(
    *,
    service: BookableService,
    starts_at: dt.datetime,
    citizen: CitizenIdentity,
    phone: str = "",
    email: str = "",
    now: dt.datetime | None = None,
) -> Booking:
    """Book the first free desk at ``starts_at``. Never double-books: each
    desk is tried in its own savepoint and the database's unique constraint
    decides, so concurrent requests on any number of processes are safe."""
    now = now or timezone.now()
    _check_slot(service, starts_at, now)
    if (
        Booking.objects.filter(service=service, starts_at=starts_at, citizen_cpr=citizen.cpr)
        .exclude(status=BookingStatus.CANCELLED)
        .exists()
    ):
        raise BookingRefused(_("You have already booked this time."))
    for desk in range(1, service.desks + 1):
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    service=service,
                    starts_at=starts_at,
                    ends_at=starts_at + dt.timedelta(minutes=service.duration_minutes),
                    desk=desk,
                    citizen_cpr=citizen.cpr,
                    citizen_name=citizen.name,
                    phone=phone,
                    email=email,
                    created_at=now,
                )
            break
        except IntegrityError:
            continue
    else:
        raise _full(service, starts_at, now)
    identity.open_citizen_relation(
        administration_code=service.unit.administration_id,
        cpr=citizen.cpr,
        reason=f"Booking: {service.name}",
        object_ref=booking.object_ref,
    )
    # The address is the request's (in a demo without SITE_URL): taken now, while it is known.
    base = site.base_url()
    transaction.on_commit(lambda: _send_confirmation(booking.pk, base))
    return booking


@transaction.atomic
def reschedule(
    booking: Booking, *, starts_at: dt.datetime, now: dt.datetime | None = None
) -> Booking:
    """Move a booking to another free time; a new reminder will be sent."""
    now = now or timezone.now()
    if booking.status != BookingStatus.BOOKED:
        raise BookingRefused(_("This appointment can no longer be changed."))
    service = booking.service
    _check_slot(service, starts_at, now)
    for desk in range(1, service.desks + 1):
        try:
            with transaction.atomic():
                Booking.objects.filter(pk=booking.pk).update(
                    starts_at=starts_at,
                    ends_at=starts_at + dt.timedelta(minutes=service.duration_minutes),
                    desk=desk,
                    reminder_sent_at=None,
                    changed_at=now,
                )
            break
        except IntegrityError:
            continue
    else:
        raise _full(service, starts_at, now)
    booking.refresh_from_db()
    # The address is the request's (in a demo without SITE_URL): taken now, while it is known.
    base = site.base_url()
    transaction.on_commit(lambda: _send_confirmation(booking.pk, base))
    return booking


@transaction.atomic
def cancel(booking: Booking, *, now: dt.datetime | None = None) -> Booking:
    """Cancel through the citizen's secure link; frees the desk at once."""
    if booking.status != BookingStatus.BOOKED:
        raise BookingRefused(_("This appointment can no longer be cancelled."))
    booking.status = BookingStatus.CANCELLED
    booking.changed_at = now or timezone.now()
    booking.save(update_fields=["status", "changed_at"])
    identity.close_citizen_relation(
        administration_code=booking.service.unit.administration_id, object_ref=booking.object_ref
    )
    return booking


@transaction.atomic
def register_attendance(
    booking: Booking, *, actor: AbstractBaseUser | AnonymousUser, status: BookingStatus
) -> Booking:
    """Front desk: the citizen checked in, or did not show up."""
    if status not in (BookingStatus.CHECKED_IN, BookingStatus.NO_SHOW):
        raise ValueError(status)
    if booking.status == BookingStatus.CANCELLED:
        raise BookingRefused(_("This appointment was cancelled."))
    booking.status = status
    booking.changed_at = timezone.now()
    booking.save(update_fields=["status", "changed_at"])
    audit.citizen_data_changed(
        actor,
        booking.citizen_cpr,
        f"appointment {booking.status}",
        gettext_noop("front desk"),
        booking.object_ref,
    )
    if status == BookingStatus.CHECKED_IN:  # a no-show is no contact
        events.publish(
            events.BookingAttended(
                booking_id=booking.pk,
                service_name=booking.service.name,
                unit_administration=booking.service.unit.administration_id,
                cpr=booking.citizen_cpr,
                starts_at=booking.starts_at,
                duration_s=booking.service.duration_minutes * 60,
            )
        )
    return booking


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """Send the reminder for every booking starting within the reminder lead
    time. Safe with any number of workers: each booking is claimed by an
    atomic UPDATE ... WHERE reminder_sent_at IS NULL, and only the worker
    whose update changed the row sends; a failed send rolls the claim back."""
    now = now or timezone.now()
    lead = dt.timedelta(hours=settings.APPOINTMENT_REMINDER_HOURS)
    due = list(
        Booking.objects.filter(
            status=BookingStatus.BOOKED,
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + lead,
        ).values_list("pk", flat=True)
    )
    sent = 0
    for pk in due:
        try:
            with transaction.atomic():
                claimed = Booking.objects.filter(
                    pk=pk, status=BookingStatus.BOOKED, reminder_sent_at__isnull=True
                ).update(reminder_sent_at=now)
                if not claimed:
                    continue
                _send_reminder(Booking.objects.select_related("service__unit").get(pk=pk))
                sent += 1
        except Exception:
            logger.exception("reminder for booking %s failed; it will be retried", pk)
    return sent


def manage_url(booking: Booking, base: str = "") -> str:
    """The citizen's link to move or cancel, at ``base`` or the public address."""
    path = reverse("appointments:manage", args=[queries.manage_token(booking)])
    return f"{base}{path}" if base else site.public_url(path)


def _when(booking: Booking) -> str:
    local = booking.starts_at.astimezone(LOCAL)
    return f"{local:%d.%m.%Y} kl. {clock(local)}"


def _notify(
    booking: Booking,
    template: str,
    values: dict[str, str],
    attachment: tuple[str, bytes, str] | None = None,
) -> None:
    """Notify by SMS and/or e-mail at what the citizen gave when booking, once
    per booking, template and start time (a moved booking is notified again)."""
    ref = f"booking:{booking.pk}:{template}:{booking.starts_at:%Y%m%dT%H%M}"
    language = notifications.language_of(translation.get_language())
    key = citizen_key(booking.citizen_cpr)
    administration = booking.service.unit.administration_id
    if booking.phone and attachment is None:
        notifications.notify(
            channel="sms",
            to=booking.phone,
            template=template,
            context=values,
            language=language,
            ref=ref,
            citizen_key=key,
            administration=administration,
        )
    if booking.email:
        notifications.notify(
            channel="email",
            to=booking.email,
            template=template,
            context=values,
            language=language,
            ref=ref,
            citizen_key=key,
            administration=administration,
            attachment=attachment,
        )


def _send_reminder(booking: Booking) -> None:
    values = {
        "service": booking.service.name,
        "place": booking.service.unit.name,
        "when": _when(booking),
        "link": manage_url(booking),
    }
    _notify(booking, "appointment_reminder", values)


def _send_confirmation(pk: int, base: str = "") -> None:
    booking = Booking.objects.select_related("service__unit").get(pk=pk)
    if not booking.email:
        return
    values = {
        "service": booking.service.name,
        "place": booking.service.unit.name,
        "when": _when(booking),
        "link": manage_url(booking, base),
        "documents": booking.service.documents or "-",
    }
    calendar = ical.booking_calendar(booking, values["link"]).encode()
    _notify(
        booking,
        "appointment_confirmation",
        values,
        attachment=("aftale.ics", calendar, "text/calendar"),
    )
