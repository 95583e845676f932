from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from indgang.appointments import queries, services
from indgang.appointments.constants import BookingStatus
from indgang.appointments.models import Booking
from indgang.appointments.tests.factories import BookingFactory, ServiceFactory, citizen
from indgang.directory.hours import LOCAL
from indgang.directory.tests.factories import ExceptionFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 1, 4, 8, tzinfo=LOCAL)  # Monday


def starts(service_slots: list[queries.Slot]) -> list[str]:
    return [f"{s.starts_at:%a %d %H:%M}" for s in service_slots]


def test_slots_follow_opening_hours_holidays_and_exceptions() -> None:
    service = ServiceFactory(duration_minutes=60)  # Mo-Fr 09:00-12:00 → 9, 10, 11
    ExceptionFactory(unit=service.unit, date=dt.date(2027, 1, 6), hours="", reason="Personaledag")
    found = starts(queries.slots(service, dt.date(2026, 12, 31), days=6, now=NOW))
    # 31 Dec (Thu) is before now; 1 Jan Nytårsdag; weekend; 4 Jan Monday open.
    assert found == [
        "Mon 04 09:00",
        "Mon 04 10:00",
        "Mon 04 11:00",
        "Tue 05 09:00",
        "Tue 05 10:00",
        "Tue 05 11:00",
    ]
    assert "Wed 06 09:00" not in starts(queries.slots(service, dt.date(2027, 1, 6), 1, now=NOW))


def test_a_full_slot_is_not_offered() -> None:
    service = ServiceFactory(desks=1)
    slot = dt.datetime(2027, 1, 5, 10, tzinfo=LOCAL)
    services.book(service=service, starts_at=slot, citizen=citizen(1), now=NOW)
    assert slot not in [s.starts_at for s in queries.slots(service, now=NOW)]


def test_a_time_outside_the_grid_is_refused_with_alternatives() -> None:
    service = ServiceFactory()
    with pytest.raises(services.BookingRefused) as refused:
        services.book(
            service=service,
            starts_at=dt.datetime(2027, 1, 5, 10, 10, tzinfo=LOCAL),
            citizen=citizen(),
            now=NOW,
        )
    assert refused.value.message == "Tiden kan ikke bookes. Vælg en af de viste tider."
    assert refused.value.alternatives


def test_the_same_citizen_cannot_book_the_same_time_twice() -> None:
    service = ServiceFactory(desks=3)
    slot = dt.datetime(2027, 1, 5, 10, tzinfo=LOCAL)
    services.book(service=service, starts_at=slot, citizen=citizen(), now=NOW)
    with pytest.raises(services.BookingRefused, match="allerede booket"):
        services.book(service=service, starts_at=slot, citizen=citizen(), now=NOW)


def test_cancel_frees_the_desk_and_closes_the_relation() -> None:
    service = ServiceFactory(desks=1)
    slot = dt.datetime(2027, 1, 5, 10, tzinfo=LOCAL)
    first = services.book(service=service, starts_at=slot, citizen=citizen(1), now=NOW)
    services.cancel(first)
    second = services.book(service=service, starts_at=slot, citizen=citizen(2), now=NOW)
    assert second.desk == 1
    from indgang.identity.models import CitizenRelation

    assert CitizenRelation.objects.get(object_ref=first.object_ref).closed_at is not None
    assert CitizenRelation.objects.get(object_ref=second.object_ref).closed_at is None


def _future_service() -> tuple[object, dt.datetime]:
    service = ServiceFactory(unit__opening_hours="24/7; PH 00:00-24:00", duration_minutes=60)
    slot = queries.slots(service)[3].starts_at
    return service, slot


def test_citizen_books_gets_confirmation_with_calendar_and_manages_by_link(
    citizen_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    service, slot = _future_service()
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen_client.post(
            f"/tider/{service.pk}/",  # type: ignore[attr-defined]
            {"starts_at": slot.isoformat(), "phone": "+4520123456", "email": "b@example.dk"},
        )
    assert response.status_code == 302
    manage_url = response["Location"]
    booking = Booking.objects.get()
    assert booking.desk == 1
    assert len(mail.outbox) == 1
    _name, body, mimetype = mail.outbox[0].attachments[0]
    assert mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in body and f"UID:booking-{booking.pk}@indgang" in body

    page = Client().get(manage_url).content.decode()
    assert "Pas" in page and "Aflys tiden" in page
    ics = Client().get(f"{manage_url}kalender.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    assert "DTSTART:" in ics.content.decode()

    later = queries.slots(booking.service)[5].starts_at
    moved = Client().post(manage_url, {"action": "move", "starts_at": later.isoformat()})
    assert moved.status_code == 302
    booking.refresh_from_db()
    assert booking.starts_at == later
    Client().post(manage_url, {"action": "cancel"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_a_forged_link_is_not_found(client: Client) -> None:
    booking = BookingFactory()
    assert client.get(f"/tider/aftale/{booking.pk}:forged/").status_code == 404


def test_booking_needs_login(client: Client) -> None:
    service, _slot = _future_service()
    response = client.get(f"/tider/{service.pk}/")  # type: ignore[attr-defined]
    assert response.status_code == 302
    assert "/log-ind/" in response["Location"]


def test_full_slot_in_the_browser_flow_says_why_and_offers_others(citizen_client: Client) -> None:
    service, slot = _future_service()
    service.desks = 1  # type: ignore[attr-defined]
    service.save()  # type: ignore[attr-defined]
    BookingFactory(service=service, starts_at=slot, desk=1)
    response = citizen_client.post(
        f"/tider/{service.pk}/",  # type: ignore[attr-defined]
        {"starts_at": slot.isoformat(), "phone": "", "email": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "har lige booket den sidste" in html
    assert "De nærmeste ledige tider" in html
    assert slot > timezone.now()


def test_a_phone_number_that_cannot_get_an_sms_is_refused_and_kept(citizen_client: Client) -> None:
    service, slot = _future_service()
    response = citizen_client.post(
        f"/tider/{service.pk}/",  # type: ignore[attr-defined]
        {"starts_at": slot.isoformat(), "phone": "1234", "email": "b@example.dk"},
    )
    html = response.content.decode()
    assert "Skriv et mobilnummer på 8 cifre" in html
    assert 'value="1234"' in html and 'value="b@example.dk"' in html
    assert not Booking.objects.exists()
    citizen_client.post(
        f"/tider/{service.pk}/",  # type: ignore[attr-defined]
        {"starts_at": slot.isoformat(), "phone": "20 12 34 56", "email": ""},
    )
    assert Booking.objects.get().phone == "+4520123456"


@pytest.mark.parametrize("site_url", ["", "https://borger.kk.dk"])
def test_links_in_the_confirmation_and_calendar_use_the_public_address(
    citizen_client: Client, django_capture_on_commit_callbacks: Any, settings: Any, site_url: str
) -> None:
    """From SITE_URL; in a demo without it, from the address the citizen uses."""
    settings.SITE_URL = site_url
    expected = site_url or "http://testserver"
    service, slot = _future_service()
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen_client.post(
            f"/tider/{service.pk}/",  # type: ignore[attr-defined]
            {"starts_at": slot.isoformat(), "email": "b@example.dk"},
        )
    manage_path = response["Location"]
    message = mail.outbox[0]
    _name, attached, _mimetype = message.attachments[0]
    ics = Client().get(f"{manage_path}kalender.ics").content.decode()
    assert manage_path.startswith("/tider/aftale/")
    for text in (message.body, attached, ics):
        # A fresh signed link each time; folded lines unfolded.
        assert f"{expected}/tider/aftale/" in text.replace("\r\n ", "")
        assert "127.0.0.1" not in text


def test_the_citizen_picks_a_day_and_moves_week_by_week(citizen_client: Client) -> None:
    service, _slot = _future_service()
    url = f"/tider/{service.pk}/"  # type: ignore[attr-defined]
    first = citizen_client.get(url)
    days = first.context["days"]
    assert len(days.week) == 7 and days.day is not None
    assert {timezone.localdate(s.starts_at) for s in days.slots} == {days.day}
    html = first.content.decode()
    assert 'aria-current="date"' in html and "Næste uge" in html
    later = days.next
    assert later is not None
    second = citizen_client.get(f"{url}?dag={later:%Y-%m-%d}")
    chosen = second.context["days"]
    assert chosen.day == later and chosen.previous is not None
    choices = second.context["form"].fields["starts_at"].choices
    assert choices and all(
        timezone.localdate(dt.datetime.fromisoformat(value)) == later for value, _label in choices
    )
    assert len(choices) < len(queries.slots(service))  # type: ignore[arg-type]


def test_english_pages_show_the_editors_english_or_mark_the_danish(client: Client) -> None:
    service = ServiceFactory(name="Pas", documents="Dit gamle pas", name_en="")
    client.cookies["django_language"] = "en"
    html = client.get("/tider/").content.decode()
    assert '<span lang="da">Pas</span>' in html
    service.name_en = "Passport"
    service.save()
    html = client.get("/tider/").content.decode()
    assert ">Passport</a>" in html and '<span lang="da">Pas</span>' not in html
