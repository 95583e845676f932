"""/spoerg/ without JavaScript and with htmx; every conversation is a chat contact;
hand-off turns it into a case with the transcript."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from indgang.assistant.constants import Outcome
from indgang.assistant.models import Conversation, Turn
from indgang.cases.constants import CaseChannel
from indgang.cases.models import Case
from indgang.contacts.constants import Channel
from indgang.contacts.constants import Outcome as ContactOutcome
from indgang.contacts.models import Contact

pytestmark = pytest.mark.django_db

QUESTION = "Hvordan skifter jeg læge?"
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_plain_form_answers_with_source_and_next_step(content: Any) -> None:
    client = Client()
    assert "Spørg kommunen" in client.get("/spoerg/").content.decode()
    response = client.post("/spoerg/", {"question": QUESTION})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="/ydelser/laegeskift/"' in page  # the source
    assert 'href="/selvbetjening/laegeskift/"' in page and "Start selvbetjeningen" in page
    assert 'aria-live="polite"' in page
    assert "Hjalp svaret dig?" in page


def test_every_conversation_is_one_chat_contact_with_its_outcome(content: Any) -> None:
    client = Client()
    client.post("/spoerg/", {"question": QUESTION})
    client.post("/spoerg/", {"question": "Min årsopgørelse er forkert"})
    conversation = Conversation.objects.get()
    assert conversation.turns.count() == 2
    assert conversation.outcome == Outcome.OUT_OF_REMIT
    contact = Contact.objects.get()
    assert contact.channel == Channel.CHAT
    assert contact.service == "laegeskift" and contact.administration_id == "kff"
    assert contact.outcome == ContactOutcome.FORWARDED
    client.post("/spoerg/hjalp-det/", {"helped": "yes"})
    conversation.refresh_from_db()
    assert conversation.helped is True


def test_with_htmx_only_the_new_answer_and_a_fresh_form_come_back(content: Any) -> None:
    response = Client().post("/spoerg/", {"question": QUESTION}, **HTMX)
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert 'href="/ydelser/laegeskift/"' in fragment
    assert 'hx-swap-oob="true"' in fragment and "autofocus" in fragment
    # The next steps (a person, a new conversation) come with the first answer.
    assert '<div id="assistant-actions" hx-swap-oob="true">' in fragment
    assert 'href="/spoerg/til-en-medarbejder/"' in fragment


def test_a_cpr_number_is_refused_and_nothing_is_stored(content: Any) -> None:
    response = Client().post("/spoerg/", {"question": "Mit cpr er 010203-1234. Hvad med pas?"})
    assert response.status_code == 400
    assert "Fjern CPR-nummeret" in response.content.decode()
    assert not Conversation.objects.exists() and not Turn.objects.exists()
    assert not Contact.objects.exists()


def test_too_many_questions_from_one_address_are_refused(content: Any, settings: Any) -> None:
    settings.ASSISTANT_QUESTIONS_PER_HOUR = 2
    client = Client()
    assert client.post("/spoerg/", {"question": QUESTION}).status_code == 200
    assert client.post("/spoerg/", {"question": QUESTION}).status_code == 200
    response = client.post("/spoerg/", {"question": QUESTION})
    assert response.status_code == 429
    assert "Vent en time" in response.content.decode()
    assert QUESTION in response.content.decode()  # what was typed is kept


def test_an_anonymous_hand_off_becomes_a_case_with_the_transcript(
    content: Any, routing: Any
) -> None:
    client = Client()
    client.post("/spoerg/", {"question": "Der er rotter i gården, hvad gør jeg?"})
    form = client.get("/spoerg/til-en-medarbejder/").content.decode()
    assert "Spørgsmål: Der er rotter i gården" in form  # the citizen sees what is sent
    missing = client.post("/spoerg/til-en-medarbejder/", {"note": ""})
    assert missing.status_code == 400 and "Skriv din e-mailadresse" in missing.content.decode()
    response = client.post(
        "/spoerg/til-en-medarbejder/", {"email": "svar@eksempel.dk", "note": "Det haster."}
    )
    assert response.status_code == 302 and response["Location"] == "/spoerg/sendt/"
    case = Case.objects.get()
    assert case.channel == CaseChannel.ANONYMOUS_FORM and case.cpr == ""
    assert case.reply_email == "svar@eksempel.dk"
    assert "Spørgsmål: Der er rotter i gården, hvad gør jeg?" in case.text
    assert "Svar: Rotter:" in case.text and "Det haster." in case.text
    conversation = Conversation.objects.get()
    assert conversation.outcome == Outcome.BECAME_CASE
    assert conversation.case_reference == case.reference
    chat = Contact.objects.get(channel=Channel.CHAT)
    assert chat.case_id == case.pk and chat.outcome == ContactOutcome.FORWARDED
    assert case.reference in client.get("/spoerg/sendt/").content.decode()


def test_a_logged_in_hand_off_is_a_secure_case_for_the_citizen(
    content: Any, routing: Any, citizen_client: Client, parent_cpr: str
) -> None:
    citizen_client.post("/spoerg/", {"question": "Kan jeg få hjælp til en ny rollator?"})
    response = citizen_client.post("/spoerg/til-en-medarbejder/", {"note": ""})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.cpr == parent_cpr and case.channel == CaseChannel.CONTACT_FORM
    assert "Spørgsmål: Kan jeg få hjælp til en ny rollator?" in case.text


def test_who_handles_what_lists_the_other_authorities(content: Any) -> None:
    page = Client().get("/spoerg/andre-myndigheder/").content.decode()
    assert 'id="skat"' in page and "Skattestyrelsen" in page and "Familieretshuset" in page


def test_pages_with_contact_link_to_the_assistant(content: Any) -> None:
    for url in ("/", "/kontakt/", "/ydelser/pas/"):
        page = Client().get(url).content.decode()
        assert 'href="/spoerg/"' in page, url
