"""REST API: POST one contact or a batch, GET the administration's contacts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from indgang.contacts import services
from indgang.contacts.constants import Channel, Source
from indgang.contacts.models import Contact
from indgang.core.pseudonym import citizen_key

pytestmark = pytest.mark.django_db

URL = "/api/v1/contacts/"


def api(user: User | None = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_one_contact_is_recorded_and_the_cpr_number_only_hashed(
    catalogue: None, front_desk_kff: User, parent_cpr: str
) -> None:
    response = api(front_desk_kff).post(
        URL,
        {
            "channel": "phone",
            "service": "laegeskift",
            "cpr": parent_cpr,
            "duration_s": 480,
            "source_ref": "call-1",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert parent_cpr not in response.content.decode()
    assert "citizen_key" not in response.json()
    contact = Contact.objects.get()
    assert contact.citizen_key == citizen_key(parent_cpr)
    assert (contact.administration_id, contact.team.slug) == ("kff", "borgerservice")  # type: ignore[union-attr]
    assert contact.source == Source.API
    again = api(front_desk_kff).post(
        URL, {"channel": "phone", "source_ref": "call-1"}, format="json"
    )
    assert again.json()["id"] == contact.pk
    assert Contact.objects.count() == 1


def test_a_batch_is_recorded_whole_or_not_at_all(population: object, caseworker_tmf: User) -> None:
    good = [{"channel": "phone", "service": "affald"}, {"channel": "email", "service": "veje"}]
    response = api(caseworker_tmf).post(URL, good, format="json")
    assert response.status_code == 201
    assert [c["channel"] for c in response.json()] == ["phone", "email"]
    bad = [{"channel": "phone"}, {"channel": "fax"}, {"channel": "phone", "cpr": "123"}]
    response = api(caseworker_tmf).post(URL, bad, format="json")
    assert response.status_code == 400
    errors = response.json()  # per item, by position
    assert set(errors) == {"1", "2"}
    assert "channel" in errors["1"] and "cpr" in errors["2"]
    assert Contact.objects.count() == 2


def test_staff_list_only_their_administrations_contacts(
    population: object, caseworker_tmf: User, caseworker_sof: User
) -> None:
    for administration in ("tmf", "tmf", "sof"):
        services.record_contact(
            channel=Channel.PHONE, administration=administration, source=Source.STAFF
        )
    listed = api(caseworker_tmf).get(URL).json()
    assert listed["count"] == 2
    assert {c["administration"] for c in listed["results"]} == {"tmf"}
    other = Contact.objects.get(administration_id="sof")
    assert api(caseworker_tmf).get(f"{URL}{other.pk}/").status_code == 403
    assert api(caseworker_sof).get(f"{URL}{other.pk}/").status_code == 200
    assert api(caseworker_tmf).get(URL, {"since": "last week"}).status_code == 400


def test_analysts_and_strangers_are_refused(analyst: User) -> None:
    assert api(analyst).get(URL).status_code == 403
    assert api(analyst).post(URL, {"channel": "phone"}, format="json").status_code == 403
    assert api().get(URL).status_code == 401  # asks for a token or a login
    assert not Contact.objects.exists()


def test_a_case_system_token_records_for_its_administration(topics: None, parent_cpr: str) -> None:
    from indgang.cases import services as cases

    client_record, token = cases.create_case_system_client(
        name="Telefoni", administration_code="tmf"
    )
    case = cases.create_case(cpr=parent_cpr, text="Storskrald", topic_slug="affald")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.post(URL, {"channel": "phone", "case": case.reference}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["case"] == case.reference
    assert Contact.objects.get(source=Source.API).administration_id == "tmf"
    assert client_record.administration_id == "tmf"
