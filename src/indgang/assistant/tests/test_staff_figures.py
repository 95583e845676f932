"""Editors and municipality-wide analysts see how the assistant does and what it
could not answer; other staff are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from indgang.conftest import make_staff, staff_client

pytestmark = pytest.mark.django_db

URL = "/medarbejder/spoerg/"


def test_an_editor_sees_the_resolution_rate_and_the_unanswered_questions(content: Any) -> None:
    citizen = Client()
    citizen.post("/spoerg/", {"question": "Hvordan skifter jeg læge?"})
    other = Client()
    other.post("/spoerg/", {"question": "Jeg har brug for hjælp"})
    editor = make_staff("eva_kff", "kff", ["editor"], "borgerservice")
    page = staff_client(editor).get(URL).content.decode()
    assert "Jeg har brug for hjælp" in page  # the gap
    assert "Hvordan skifter jeg læge?" not in page  # answered, not a gap
    assert "(50 %)" in page  # one of two conversations settled by the assistant


def test_a_municipality_wide_analyst_sees_the_figures(content: Any) -> None:
    analyst = make_staff("anna_okf", "okf", ["analyst"], None)
    assert staff_client(analyst).get(URL).status_code == 200


@pytest.mark.parametrize(
    ("username", "administration", "roles", "team"),
    [
        ("jonas_tmf", "tmf", ["caseworker"], "parkering"),
        ("frida_kff", "kff", ["front_desk"], "borgerservice"),
        ("sara_sof", "sof", ["analyst"], None),  # an analyst of one administration only
    ],
)
def test_other_staff_are_refused(
    content: Any, username: str, administration: str, roles: list[str], team: str | None
) -> None:
    user = make_staff(username, administration, roles, team)
    assert staff_client(user).get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(content: Any) -> None:
    response = Client().get(URL)
    assert response.status_code == 302 and "/log-ind/" in response["Location"]
