"""Answers come only from the municipality's content, and say where from."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from indgang.assistant import answers

pytestmark = pytest.mark.django_db

# A Thursday at 11:00 in Copenhagen: Borgerservice Nørrebro is open 12–17.30 that day.
THURSDAY = dt.datetime(2026, 12, 3, 11, 0, tzinfo=dt.UTC) - dt.timedelta(hours=1)


def test_a_question_is_answered_from_the_catalogue_with_its_source(content: Any) -> None:
    answer = answers.answer("Mit pas er udløbet, hvad koster et nyt?")
    assert answer.confident and not answer.handoff
    assert [(s.title, s.url) for s in answer.sources] == [("Pas", "/ydelser/pas/")]
    assert "Voksne 743 kr., børn 178 kr." in answer.text  # the fee, as the catalogue has it
    assert answer.next_label == "Book tid" and answer.next_url == "/tider/"


def test_misspellings_and_missing_danish_letters_still_find_the_service(content: Any) -> None:
    answer = answers.answer("hvordan skifter jeg laege")
    assert answer.sources[0].url == "/ydelser/laegeskift/"
    assert (answer.next_label, answer.next_url) == (
        "Start selvbetjeningen",
        "/selvbetjening/laegeskift/",
    )


def test_an_english_question_gets_the_english_text(content: Any) -> None:
    answer = answers.answer("How do I renew my Danish passport?")
    assert answer.sources[0].url == "/ydelser/pas/"
    assert "Adults DKK 743, children DKK 178." in answer.text
    assert "Price:" in answer.text


def test_opening_hours_now_and_next_come_from_the_directory(content: Any) -> None:
    answer = answers.answer("Hvornår har Borgerservice Nørrebro åbent?", now=THURSDAY)
    assert answer.kind == answers.Kind.PLACE
    assert answer.sources[0].url == "/steder/borgerservice-norrebro/"
    assert "Bragesgade 8B, 2200 København N" in answer.text
    assert "Lukket — åbner i dag 12.00" in answer.text


def test_a_vague_question_says_not_sure_and_offers_services_instead_of_guessing(
    content: Any,
) -> None:
    answer = answers.answer("Hej")
    assert not answer.confident and answer.handoff
    assert "ikke sikker" in answer.text
    vague = answers.answer("Jeg har brug for hjælp")
    assert not vague.confident
    assert 2 <= len(vague.sources) <= 3
    assert all(s.url.startswith("/ydelser/") for s in vague.sources)


def test_a_question_outside_the_remit_says_who_handles_it(content: Any) -> None:
    answer = answers.answer("Min årsopgørelse fra skat er forkert")
    assert answer.kind == answers.Kind.REFERRAL
    assert "Skattestyrelsen" in answer.text and "kommunen" in answer.text.lower()
    assert [s.url for s in answer.sources] == [
        "https://skat.dk/",
        "/spoerg/andre-myndigheder/#skat",
    ]


def test_an_anonymous_question_with_a_cpr_number_is_refused(content: Any) -> None:
    answer = answers.answer("Mit cpr er 010203-1234, hvornår får jeg pas?")
    assert answer.kind == answers.Kind.REFUSED
    assert "Fjern CPR-nummeret" in answer.text
    assert answer.sources == []


def test_own_matters_need_a_login_when_anonymous(content: Any) -> None:
    answer = answers.answer("Hvornår får jeg svar på min sag?")
    assert answer.kind == answers.Kind.OWN
    assert answer.next_url == "/log-ind/?next=/spoerg/"
    assert "Log ind med MitID" in answer.text


def test_a_logged_in_citizen_hears_about_their_own_case_and_it_is_audited(
    content: Any, routing: Any, parent_cpr: str
) -> None:
    from indgang.cases import services as cases
    from indgang.core.models import AuditEntry
    from indgang.core.pseudonym import citizen_key
    from indgang.identity.citizen import CitizenIdentity

    case = cases.create_case(cpr=parent_cpr, text="Der er rotter i vores gård på Amager.")
    citizen = CitizenIdentity(cpr=parent_cpr, name="Test Forælder", idp="test")
    answer = answers.answer("Hvornår får jeg svar på min sag?", citizen=citizen)
    assert case.reference in answer.text
    assert case.deadline is not None
    assert f"senest {case.deadline.day}." in answer.text
    assert answer.sources[0].url == "/beskeder/"
    assert AuditEntry.objects.filter(
        citizen_key=citizen_key(parent_cpr), what__startswith="Spørg kommunen"
    ).exists()
