"""The demo outbox page: administrators (or any staff in DEBUG) only, audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from indgang.conftest import staff_client
from indgang.core.models import AuditEntry
from indgang.core.pseudonym import citizen_key
from indgang.notifications import services

URL = "/medarbejder/sms-udbakke/"


@pytest.fixture
def sent(population: Any, django_capture_on_commit_callbacks: Any) -> str:
    cpr = population.persons[0].cpr
    services.set_contact_details(cpr=cpr, phone="20123456")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_citizen(cpr=cpr, template="new_message", context={}, ref="m:1")
    return str(cpr)


def test_an_administrator_reads_the_outbox_and_the_read_is_audited(
    administrator: User, sent: str
) -> None:
    response = staff_client(administrator).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "+4520123456" in html and "Du har en ny besked" in html and "Leveret" in html
    assert AuditEntry.objects.filter(citizen_key=citizen_key(sent), what="SMS outbox").exists()


@pytest.mark.parametrize("persona", ["caseworker_tmf", "front_desk_kff", "analyst"])
def test_other_staff_are_refused(persona: str, request: pytest.FixtureRequest, sent: str) -> None:
    user = request.getfixturevalue(persona)
    response = staff_client(user).get(URL)
    assert response.status_code == 403
    assert "+4520123456" not in response.content.decode()


def test_any_staff_member_may_look_on_a_developers_machine(
    caseworker_tmf: User, settings: Any
) -> None:
    settings.DEBUG = True
    assert staff_client(caseworker_tmf).get(URL).status_code == 200


def test_anonymous_users_are_sent_to_log_in(client: Client, db: None) -> None:
    assert client.get(URL).status_code == 302


def test_there_is_no_outbox_with_a_real_gateway(administrator: User, settings: Any) -> None:
    settings.SMS_GATEWAY = "http"
    assert staff_client(administrator).get(URL).status_code == 404
