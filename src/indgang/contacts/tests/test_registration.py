"""Staff register a contact in one click at /medarbejder/henvendelser/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from indgang.conftest import staff_client
from indgang.contacts import services
from indgang.contacts.constants import Channel, Outcome, Reason, Source
from indgang.contacts.models import Contact
from indgang.core.constants import AuditAction
from indgang.core.models import AuditEntry
from indgang.core.pseudonym import citizen_key

pytestmark = pytest.mark.django_db

PAGE = "/medarbejder/henvendelser/"


def test_one_click_registers_an_in_person_contact_for_the_front_desk(
    catalogue: None, front_desk_kff: User
) -> None:
    client = staff_client(front_desk_kff)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert b'value="laegeskift"' in page.content
    response = client.post(reverse("contacts:register-one"), {"service": "laegeskift"}, follow=True)
    contact = Contact.objects.get()
    assert contact.channel == Channel.IN_PERSON
    assert contact.service == "laegeskift"
    assert contact.outcome == Outcome.RESOLVED
    assert (contact.administration_id, contact.team.slug) == ("kff", "borgerservice")  # type: ignore[union-attr]
    assert contact.source == Source.STAFF and contact.registered_by == front_desk_kff
    assert "Registreret: Lægeskift (Personligt fremmøde)." in response.content.decode()
    assert "Fortryd den seneste registrering" in response.content.decode()


def test_the_last_registration_can_be_undone(catalogue: None, front_desk_kff: User) -> None:
    client = staff_client(front_desk_kff)
    client.post(reverse("contacts:register-one"), {"service": "pas"})
    response = client.post(reverse("contacts:undo"), follow=True)
    assert not Contact.objects.exists()
    assert "Den seneste registrering er fortrudt." in response.content.decode()


def test_the_chosen_channel_is_remembered_and_phone_is_the_default_elsewhere(
    catalogue: None, front_desk_kff: User, caseworker_tmf: User
) -> None:
    client = staff_client(front_desk_kff)
    client.post(reverse("contacts:channel"), {"channel": Channel.PHONE})
    client.post(reverse("contacts:register-one"), {"service": "pas"})
    assert Contact.objects.get().channel == Channel.PHONE
    staff_client(caseworker_tmf).post(reverse("contacts:register-one"), {"service": "beboerlicens"})
    contact = Contact.objects.get(service="beboerlicens")
    assert contact.channel == Channel.PHONE and contact.administration_id == "tmf"


def test_the_teams_most_registered_services_come_first(
    catalogue: None, front_desk_kff: User
) -> None:
    client = staff_client(front_desk_kff)
    for _ in range(3):
        client.post(reverse("contacts:register-one"), {"service": "navnebeskyttelse"})
    content = client.get(PAGE).content.decode()
    assert content.index('value="navnebeskyttelse"') < content.index('value="laegeskift"')


def test_more_details_and_a_citizen_are_registered_and_the_look_up_audited(
    catalogue: None, front_desk_kff: User, parent_cpr: str
) -> None:
    client = staff_client(front_desk_kff)
    response = client.post(
        reverse("contacts:register-more"),
        {
            "service": "laegeskift",
            "channel": Channel.PHONE,
            "outcome": Outcome.FOLLOW_UP,
            "reason": Reason.NOT_UNDERSTOOD,
            "minutes": "8",
            "cpr": parent_cpr,
        },
        follow=True,
    )
    contact = Contact.objects.get()
    assert contact.citizen_key == citizen_key(parent_cpr)
    assert (contact.channel, contact.outcome, contact.reason, contact.duration_s) == (
        Channel.PHONE,
        Outcome.FOLLOW_UP,
        Reason.NOT_UNDERSTOOD,
        480,
    )
    assert AuditEntry.objects.filter(
        citizen_key=citizen_key(parent_cpr), action=AuditAction.VIEW
    ).exists()
    assert "Borger:" in response.content.decode()


def test_bad_details_are_explained_and_kept(catalogue: None, front_desk_kff: User) -> None:
    client = staff_client(front_desk_kff)
    response = client.post(
        reverse("contacts:register-more"),
        {"service": "pas", "channel": Channel.PHONE, "outcome": "resolved", "minutes": "12",
         "cpr": "12345"},
    )  # fmt: skip
    assert response.status_code == 400
    content = response.content.decode()
    assert "CPR-nummer med 10 cifre" in content
    assert 'value="12"' in content and 'value="12345"' in content
    assert not Contact.objects.exists()


def test_a_caseworker_cannot_look_up_a_citizen_of_another_administration(
    catalogue: None, caseworker_tmf: User, parent_cpr: str
) -> None:
    response = staff_client(caseworker_tmf).post(
        reverse("contacts:register-more"),
        {
            "service": "beboerlicens",
            "channel": Channel.PHONE,
            "outcome": "resolved",
            "cpr": parent_cpr,
        },
    )
    assert response.status_code == 400
    assert not Contact.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.REFUSED).exists()


def test_analysts_and_anonymous_users_cannot_register(analyst: User, client: object) -> None:
    assert staff_client(analyst).get(PAGE).status_code == 403
    assert (
        staff_client(analyst).post(reverse("contacts:register-one"), {"service": "pas"}).status_code
        == 403
    )
    assert client.get(PAGE).status_code == 302  # type: ignore[attr-defined]
    assert not Contact.objects.exists()


def test_another_administrations_links_cannot_be_changed(
    front_desk_kff: User, caseworker_sof: User, parent_cpr: str
) -> None:
    at = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
    for day in (0, 1):
        later = services.record_contact(
            channel=Channel.PHONE,
            service="pas",
            administration="kff",
            cpr=parent_cpr,
            started_at=at + dt.timedelta(days=day),
            source=Source.STAFF,
        )
    url = reverse("contacts:recontact", args=[later.pk])
    assert staff_client(caseworker_sof).post(url, {"decision": "undo"}).status_code == 403
    later.refresh_from_db()
    assert later.earlier_contact is not None
    assert staff_client(front_desk_kff).post(url, {"decision": "undo"}).status_code == 302
    later.refresh_from_db()
    assert later.earlier_contact is None


def test_a_caseworker_sees_only_their_administrations_registrations(
    catalogue: None, front_desk_kff: User, caseworker_tmf: User
) -> None:
    staff_client(front_desk_kff).post(
        reverse("contacts:register-one"), {"service": "navnebeskyttelse"}
    )
    content = staff_client(caseworker_tmf).get(PAGE).content.decode()
    assert "Navnebeskyttelse" not in content.split("Seneste registreringer")[-1]
