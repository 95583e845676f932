"""Spørg kommunen in insights: resolution rate, hand-off rate, the share who
said it helped, and the unanswered questions grouped by the nearest service.
Editors and municipality-wide analysts see it; other staff are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from indgang.assistant import services
from indgang.assistant.conftest import ALWAYS, set_chat_hours
from indgang.assistant.models import Conversation
from indgang.conftest import make_staff, staff_client

pytestmark = pytest.mark.django_db

URL = "/medarbejder/indsigt/spoerg-kommunen/"


@pytest.fixture
def content(population: Any) -> None:
    from indgang.catalogue.demo import load_catalogue
    from indgang.directory.demo import load_directory

    load_directory()
    load_catalogue()


def test_the_figures_and_the_gaps_grouped_by_the_nearest_service(content: Any) -> None:
    answered = Client()
    answered.post("/spoerg/", {"question": "Hvordan skifter jeg læge?"})
    answered.post("/spoerg/hjalp-det/", {"helped": "yes"})
    for text in ("Jeg har brug for hjælp", "jeg har brug for HJÆLP!"):
        Client().post("/spoerg/", {"question": text})
    # A fourth conversation taken over live by Borgerservice.
    set_chat_hours(ALWAYS)
    anna = make_staff("anna_kff", "kff", ["front_desk"], "borgerservice")
    services.set_presence(actor=anna, online=True)
    conversation, _answer = services.ask("Hvad koster et nyt pas?")
    services.request_live(conversation)
    services.take_over(conversation, actor=anna)
    assert Conversation.objects.count() == 4

    editor = make_staff("eva_kff", "kff", ["editor"], "borgerservice")
    response = staff_client(editor).get(URL)
    page = response.content.decode()
    figures = response.context["figures"]
    assert (figures["total"], figures["answered"], figures["handed_over"]) == (4, 1, 1)
    assert 'data-testid="rate">25 %' in page  # one of four settled by the assistant
    assert 'data-testid="handoff">25 %' in page
    assert 'data-testid="helped">100 %' in page and "1 af 1" in page
    groups = response.context["groups"]
    assert len(groups) == 1 and groups[0]["times"] == 2
    # The same question in other case and punctuation counts once, asked twice.
    assert [(q["question"], q["times"]) for q in groups[0]["questions"]] == [
        ("Jeg har brug for hjælp", 2)
    ]
    assert "Nærmeste ydelse:" in page
    assert "Hvordan skifter jeg læge?" not in page  # answered, not a gap


def test_a_municipality_wide_analyst_sees_it_and_the_old_address_leads_there(
    content: Any,
) -> None:
    analyst = staff_client(make_staff("anna_okf", "okf", ["analyst"], None))
    assert analyst.get(URL).status_code == 200
    assert analyst.get(URL, {"dage": "7"}).context["days"] == 7
    response = analyst.get("/medarbejder/spoerg/")
    assert response.status_code == 302 and response["Location"] == URL


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
