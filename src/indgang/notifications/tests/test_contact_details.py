"""A citizen chooses where notifications go; bad input is explained and kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from indgang.notifications import queries, services

URL = "/min-side/notifikationer/"
pytestmark = pytest.mark.django_db


def test_a_citizen_saves_a_mobile_number_and_language(
    citizen_client: Client, parent_cpr: str
) -> None:
    response = citizen_client.post(URL, {"phone": "20 12 34 56", "email": "", "language": "en"})
    assert response.status_code == 302
    details = queries.contact_details(parent_cpr)
    assert details is not None and details.phone == "+4520123456" and details.language == "en"
    page = citizen_client.get(URL).content.decode()
    assert 'value="+4520123456"' in page


def test_a_bad_number_is_explained_and_nothing_typed_is_lost(
    citizen_client: Client, parent_cpr: str
) -> None:
    response = citizen_client.post(
        URL, {"phone": "1234", "email": "karen@example.dk", "language": "da"}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Skriv et mobilnummer på 8 cifre" in html and 'href="#id_phone"' in html
    assert 'value="1234"' in html and 'value="karen@example.dk"' in html
    assert queries.contact_details(parent_cpr) is None


def test_the_page_needs_a_logged_in_citizen(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "/log-ind/" in response["Location"]


def test_saved_details_are_used_for_the_next_notification(
    citizen_client: Client, parent_cpr: str, django_capture_on_commit_callbacks: Any
) -> None:
    citizen_client.post(URL, {"phone": "", "email": "karen@example.dk", "language": "da"})
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.notify_citizen(
            cpr=parent_cpr, template="new_message", context={}, ref="message:9"
        )
    assert [n.channel for n in sent] == ["email"]
