from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from indgang.appointments.constants import BookingStatus
from indgang.appointments.tests.factories import BookingFactory
from indgang.conftest import staff_client
from indgang.core.models import AuditEntry
from indgang.directory.hours import LOCAL

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 1, 5, 10, tzinfo=LOCAL)


def test_front_desk_day_view_check_in_and_no_show_rate(front_desk_kff: User) -> None:
    first = BookingFactory(starts_at=DAY, citizen_name="Karen Jensen")
    second = BookingFactory(service=first.service, starts_at=DAY, desk=2)
    client = staff_client(front_desk_kff)
    page = client.get(f"/medarbejder/tider/{first.service.unit.slug}/2026-01-05/")
    assert page.status_code == 200
    assert "Karen Jensen" in page.content.decode()
    assert AuditEntry.objects.filter(actor=front_desk_kff, action="view").count() == 2

    client.post(f"/medarbejder/tider/aftale/{first.pk}/fremmoede/", {"status": "checked_in"})
    client.post(f"/medarbejder/tider/aftale/{second.pk}/fremmoede/", {"status": "no_show"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == BookingStatus.CHECKED_IN
    assert second.status == BookingStatus.NO_SHOW
    from indgang.appointments import queries

    (rate,) = queries.no_show_rates("kff")
    assert (rate.appointments, rate.no_shows) == (2, 1)


def test_staff_index_lists_no_show_rates(front_desk_kff: User) -> None:
    BookingFactory(
        starts_at=dt.datetime(2026, 1, 5, 10, tzinfo=LOCAL), status=BookingStatus.NO_SHOW
    )
    html = staff_client(front_desk_kff).get("/medarbejder/tider/").content.decode()
    assert "100 %" in html


def test_day_view_is_refused_to_a_caseworker_of_another_administration(
    caseworker_tmf: User,
) -> None:
    booking = BookingFactory()
    url = f"/medarbejder/tider/{booking.service.unit.slug}/2026-01-05/"
    assert staff_client(caseworker_tmf).get(url).status_code == 403


def test_index_and_outbox_show_only_the_own_administration(caseworker_tmf: User) -> None:
    booking = BookingFactory(citizen_name="Karen Jensen")
    from indgang.notifications import services as notifications

    notifications.notify(
        channel="sms",
        to="+4520123456",
        template="appointment_reminder",
        context={"service": "Karen"},
        ref="test",
        administration=booking.service.unit.administration_id,
    )
    client = staff_client(caseworker_tmf)
    assert booking.service.unit.name not in client.get("/medarbejder/tider/").content.decode()
    assert "Karen" not in client.get("/medarbejder/tider/sms/").content.decode()


@pytest.mark.parametrize(
    "url",
    ["/medarbejder/tider/", "/medarbejder/tider/sms/", "/medarbejder/tider/{slug}/2026-01-05/"],
)
def test_staff_pages_refuse_roles_without_citizen_contact(analyst: User, url: str) -> None:
    booking = BookingFactory()
    response = staff_client(analyst).get(url.format(slug=booking.service.unit.slug))
    assert response.status_code == 403


def test_staff_pages_send_anonymous_users_to_login(client: object) -> None:
    response = client.get("/medarbejder/tider/")  # type: ignore[attr-defined]
    assert response.status_code == 302


def test_attendance_is_refused_to_another_administration(caseworker_tmf: User) -> None:
    booking = BookingFactory()
    response = staff_client(caseworker_tmf).post(
        f"/medarbejder/tider/aftale/{booking.pk}/fremmoede/", {"status": "no_show"}
    )
    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
