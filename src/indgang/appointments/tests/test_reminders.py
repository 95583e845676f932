"""Reminders go out once, even with two workers racing, and never for a
cancelled booking. The clock is frozen by passing ``now``."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from indgang.appointments import services
from indgang.appointments.constants import BookingStatus
from indgang.appointments.models import Booking
from indgang.appointments.tests.conftest import threaded
from indgang.appointments.tests.factories import BookingFactory, ServiceFactory
from indgang.directory.hours import LOCAL
from indgang.notifications.contrib.outbox.plugin import OutboxGateway
from indgang.notifications.models import Notification, OutboxMessage
from indgang.notifications.tasks import send_notification

NOW = dt.datetime(2027, 1, 4, 10, 5, tzinfo=LOCAL)
TOMORROW_10 = dt.datetime(2027, 1, 5, 10, tzinfo=LOCAL)


@threaded
def test_two_workers_send_each_reminder_once_and_none_for_cancelled(committed: None) -> None:
    service = ServiceFactory(desks=3)
    due = [BookingFactory(service=service, desk=d, starts_at=TOMORROW_10) for d in (1, 2)]
    BookingFactory(service=service, desk=3, starts_at=TOMORROW_10, status=BookingStatus.CANCELLED)
    # Outside the 24-hour window: not yet.
    BookingFactory(service=service, starts_at=TOMORROW_10 + dt.timedelta(hours=1))
    barrier = threading.Barrier(2)
    counts: list[int] = []
    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def worker() -> None:
        try:
            barrier.wait()
            with turns:
                counts.append(services.send_due_reminders(now=NOW))
        finally:
            connection.close()

    workers = [threading.Thread(target=worker) for _ in range(2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()

    assert sorted(counts) in ([0, 2], [1, 1])
    sms = Notification.objects.filter(channel="sms", status="delivered")
    assert sorted(int(n.ref.split(":")[1]) for n in sms) == sorted(b.pk for b in due)
    assert OutboxMessage.objects.count() == 2
    assert len(mail.outbox) == 2
    text = OutboxMessage.objects.first().text  # type: ignore[union-attr]
    assert text.startswith("Påmindelse: Pas")
    assert "05.01.2027 kl. 10.00" in text
    assert "/tider/aftale/" in text
    # A third run, later, sends nothing again.
    assert services.send_due_reminders(now=NOW + dt.timedelta(minutes=30)) == 0


def test_lead_time_is_configurable(db: None, settings: object) -> None:
    settings.APPOINTMENT_REMINDER_HOURS = 48  # type: ignore[attr-defined]
    booking = BookingFactory(starts_at=TOMORROW_10 + dt.timedelta(days=1))
    assert services.send_due_reminders(now=NOW) == 1
    booking.refresh_from_db()
    assert booking.reminder_sent_at == NOW


def test_a_moved_booking_gets_a_new_reminder(db: None) -> None:
    booking = BookingFactory(starts_at=TOMORROW_10)
    assert services.send_due_reminders(now=NOW) == 1
    services.reschedule(booking, starts_at=TOMORROW_10 + dt.timedelta(minutes=30), now=NOW)
    assert Booking.objects.get(pk=booking.pk).reminder_sent_at is None
    assert services.send_due_reminders(now=NOW + dt.timedelta(minutes=30)) == 1
    sms = Notification.objects.filter(channel="sms", ref__startswith=f"booking:{booking.pk}:")
    assert sms.count() == 2


def test_a_failed_sms_is_retried_without_sending_the_reminder_twice(
    db: None, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    booking = BookingFactory(starts_at=TOMORROW_10, email="")

    def broken(self: OutboxGateway, **kwargs: object) -> object:
        raise ConnectionError("gateway down")

    monkeypatch.setattr(OutboxGateway, "send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(now=NOW) == 1
    notification = Notification.objects.get(ref__startswith=f"booking:{booking.pk}:")
    assert notification.status == "failed" and "gateway down" in notification.error
    # The next run does not make a second reminder; notifications retries the first.
    assert services.send_due_reminders(now=NOW) == 0
    monkeypatch.undo()
    send_notification.call(notification.pk)
    notification.refresh_from_db()
    assert notification.status == "delivered" and notification.attempts == 2
    assert OutboxMessage.objects.get().text.startswith("Påmindelse")
