"""Live chat: during chat hours and with someone online the citizen can ask for
a person; Borgerservice's front desk sees the queue with the questions and
answers so far, takes over (announced to the citizen), replies with the case
reply templates and ends the chat. Other staff and other citizens are refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from indgang.assistant import queries, services
from indgang.assistant.constants import PRESENCE_SECONDS, LiveState, Outcome
from indgang.assistant.models import Conversation, Presence
from indgang.cases.models import Case
from indgang.conftest import make_staff, staff_client
from indgang.contacts.constants import Outcome as ContactOutcome
from indgang.contacts.models import Contact
from indgang.core.models import AuditEntry
from indgang.core.pseudonym import citizen_key
from indgang.messaging.demo import load_reply_templates

pytestmark = pytest.mark.django_db

QUESTION = "Hvordan skifter jeg læge?"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _anna() -> Any:
    return make_staff("anna_kff", "kff", ["front_desk"], "borgerservice")


def _online(user: Any) -> Client:
    client = staff_client(user)
    client.post("/medarbejder/chat/tilstede/", {"online": "yes"})
    return client


def _waiting_citizen() -> Client:
    citizen = Client()
    citizen.post("/spoerg/", {"question": QUESTION})
    response = citizen.post("/spoerg/chat/start/")
    assert response.status_code == 302 and response["Location"] == "/spoerg/chat/"
    return citizen


def test_the_live_chat_is_offered_only_in_chat_hours_with_someone_online(chat_open: Any) -> None:
    citizen = Client()
    citizen.post("/spoerg/", {"question": QUESTION})
    assert "Chat med en medarbejder nu" not in citizen.get("/spoerg/").content.decode()
    anna = _anna()
    staff = _online(anna)
    assert "Chat med en medarbejder nu" in citizen.get("/spoerg/").content.decode()
    assert (
        "Chat med en medarbejder nu" in citizen.get("/spoerg/til-en-medarbejder/").content.decode()
    )
    # A heartbeat older than the presence window: no longer online.
    Presence.objects.filter(user=anna).update(
        seen_at=timezone.now() - dt.timedelta(seconds=PRESENCE_SECONDS + 1)
    )
    assert not queries.live_available()
    staff.get("/medarbejder/chat/")  # the queue page is the heartbeat
    assert queries.live_available()
    staff.post("/medarbejder/chat/tilstede/", {"online": "no"})
    assert not queries.live_available()


def test_outside_chat_hours_the_citizen_is_sent_to_the_case_hand_off(
    chat_closed: Any, routing: Any
) -> None:
    _online(_anna())
    citizen = Client()
    citizen.post("/spoerg/", {"question": QUESTION})
    assert not queries.live_available()
    page = citizen.get("/spoerg/til-en-medarbejder/").content.decode()
    assert "Chat med en medarbejder nu" not in page
    assert "Ingen fra Borgerservice kan chatte lige nu" in page
    response = citizen.post("/spoerg/chat/start/", follow=True)
    assert response.redirect_chain[-1][0] == "/spoerg/til-en-medarbejder/"
    assert Conversation.objects.get().live_state == LiveState.NONE
    citizen.post("/spoerg/til-en-medarbejder/", {"email": "svar@eksempel.dk"})
    case = Case.objects.get()
    assert f"Spørgsmål: {QUESTION}" in case.text
    assert Conversation.objects.get().outcome == Outcome.BECAME_CASE


def test_a_person_takes_over_replies_with_a_template_and_ends(chat_open: Any) -> None:
    load_reply_templates()
    anna = _anna()
    staff = _online(anna)
    citizen = _waiting_citizen()
    citizen.post("/spoerg/chat/", {"text": "Jeg er flyttet til Valby"})
    queue = staff.get("/medarbejder/chat/").content.decode()
    assert QUESTION in queue  # the citizen's question
    assert "Lægeskift" in queue  # the assistant's answer so far, with its source
    assert "Jeg er flyttet til Valby" in queue
    conversation = Conversation.objects.get()
    response = staff.post(f"/medarbejder/chat/{conversation.pk}/tag/")
    assert response["Location"] == f"/medarbejder/chat/{conversation.pk}/"
    conversation.refresh_from_db()
    assert conversation.live_state == LiveState.LIVE
    assert conversation.outcome == Outcome.HANDED_OVER
    contact = Contact.objects.get(pk=conversation.contact_id)
    assert contact.channel == "chat" and contact.outcome == ContactOutcome.FORWARDED
    # Taking over is announced to the citizen.
    assert (
        "Du skriver nu med Anna fra Borgerservice" in citizen.get("/spoerg/chat/").content.decode()
    )
    # The same reply templates as on cases fill the reply box.
    page = staff.get(f"/medarbejder/chat/{conversation.pk}/").content.decode()
    assert "Tak for din henvendelse" in page
    template = anna.staff_profile.administration.reply_templates.get(
        title="Tak for din henvendelse"
    )
    filled = staff.get(
        f"/medarbejder/chat/{conversation.pk}/", {"svarskabelon": template.pk}
    ).content.decode()
    assert "Venlig hilsen\nAnna Testesen" in filled
    staff.post(f"/medarbejder/chat/{conversation.pk}/", {"text": "Hej, jeg kan hjælpe."})
    assert "Hej, jeg kan hjælpe." in citizen.get("/spoerg/chat/").content.decode()
    staff.post(f"/medarbejder/chat/{conversation.pk}/afslut/")
    conversation.refresh_from_db()
    assert conversation.live_state == LiveState.ENDED and conversation.ended_at is not None
    page = citizen.get("/spoerg/chat/").content.decode()
    assert "Chatten er afsluttet" in page and "Hjalp chatten dig?" in page
    assert citizen.post("/spoerg/chat/", {"text": "Hallo?"}).status_code == 400
    citizen.post("/spoerg/hjalp-det/", {"helped": "yes"})
    conversation.refresh_from_db()
    assert conversation.helped is True


def test_a_poll_sends_only_what_the_browser_has_not_shown(chat_open: Any) -> None:
    anna = _anna()
    staff = _online(anna)
    citizen = _waiting_citizen()
    citizen.get("/spoerg/chat/")
    assert citizen.get("/spoerg/chat/nye/", **HTMX).content.decode().strip() == ""
    conversation = Conversation.objects.get()
    staff.post(f"/medarbejder/chat/{conversation.pk}/tag/")
    fragment = citizen.get("/spoerg/chat/nye/", **HTMX).content.decode()
    assert "Du skriver nu med Anna fra Borgerservice" in fragment
    assert 'id="chat-status" class="alert alert-success" hx-swap-oob="true"' in fragment
    staff.post(f"/medarbejder/chat/{conversation.pk}/", {"text": "Hej"}, **HTMX)
    fragment = citizen.get("/spoerg/chat/nye/", **HTMX).content.decode()
    assert "Hej" in fragment and "Du skriver nu med" not in fragment
    assert citizen.get("/spoerg/chat/nye/", **HTMX).content.decode().strip() == ""
    # The citizen's message with htmx: a fresh field, and the poll is told to run.
    response = citizen.post("/spoerg/chat/", {"text": "Tak"}, **HTMX)
    assert response["HX-Trigger"] == "chat-refresh" and "autofocus" in response.content.decode()
    staff_fragment = staff.get(f"/medarbejder/chat/{conversation.pk}/nye/", **HTMX)
    assert "Tak" in staff_fragment.content.decode()
    # Ending stops the polling on the citizen's page.
    staff.post(f"/medarbejder/chat/{conversation.pk}/afslut/")
    fragment = citizen.get("/spoerg/chat/nye/", **HTMX).content.decode()
    assert "Chatten er afsluttet" in fragment
    assert '<div id="chat-poll" hx-swap-oob="true"></div>' in fragment


def test_an_anonymous_citizen_cannot_send_a_cpr_number(chat_open: Any) -> None:
    _online(_anna())
    citizen = _waiting_citizen()
    response = citizen.post("/spoerg/chat/", {"text": "Mit CPR er 010203-1234"})
    assert response.status_code == 400
    assert "Fjern CPR-nummeret" in response.content.decode()
    assert not Conversation.objects.get().messages.exists()


def test_another_citizen_cannot_read_the_conversation(chat_open: Any) -> None:
    _online(_anna())
    _waiting_citizen().post("/spoerg/chat/", {"text": "Min hemmelighed"})
    stranger = Client()
    response = stranger.get("/spoerg/chat/")
    assert response.status_code == 302 and response["Location"] == "/spoerg/"
    assert stranger.get("/spoerg/chat/nye/", **HTMX).status_code == 404
    assert stranger.post("/spoerg/chat/", {"text": "Hej"}).status_code == 302
    assert Conversation.objects.get().messages.count() == 1


def test_reading_a_logged_in_citizens_chat_is_audited(chat_open: Any, population: Any) -> None:
    anna = _anna()
    _online(anna)
    cpr = population.persons[0].cpr
    conversation, _answer = services.ask(QUESTION, citizen=_Citizen(cpr))
    services.request_live(conversation)
    entries = AuditEntry.objects.filter(citizen_key=citizen_key(cpr))
    before = entries.count()
    staff = staff_client(anna)
    staff.get("/medarbejder/chat/")
    staff.get("/medarbejder/chat/")  # the same reader again in the same session: once
    assert entries.count() == before + 1
    services.take_over(conversation, actor=anna)
    assert entries.count() == before + 2
    assert entries.order_by("-pk")[0].actor == anna


class _Citizen:
    def __init__(self, cpr: str) -> None:
        self.cpr = cpr
        self.cvr = ""
        self.display_name = "Borger"


STAFF_URLS = [
    ("get", "/medarbejder/chat/"),
    ("post", "/medarbejder/chat/tilstede/"),
    ("post", "/medarbejder/chat/{id}/tag/"),
    ("get", "/medarbejder/chat/{id}/"),
    ("get", "/medarbejder/chat/{id}/nye/"),
    ("post", "/medarbejder/chat/{id}/afslut/"),
]


@pytest.mark.parametrize(
    ("username", "administration", "roles", "team"),
    [
        ("jonas_tmf", "tmf", ["caseworker"], "parkering"),  # another administration
        ("sofie_sof", "sof", ["front_desk"], None),  # a front desk outside Borgerservice
        ("eva_kff", "kff", ["editor"], "borgerservice"),  # Borgerservice, not the front desk
    ],
)
def test_other_staff_are_refused(
    chat_open: Any, username: str, administration: str, roles: list[str], team: str | None
) -> None:
    anna = _anna()
    _online(anna)
    _waiting_citizen()
    conversation = Conversation.objects.get()
    services.take_over(conversation, actor=anna)
    other = staff_client(make_staff(username, administration, roles, team))
    for method, url in STAFF_URLS:
        response = getattr(other, method)(url.format(id=conversation.pk))
        assert response.status_code == 403, url
    conversation.refresh_from_db()
    assert conversation.live_state == LiveState.LIVE and conversation.staff == anna


def test_a_colleague_cannot_read_or_write_in_anothers_chat(chat_open: Any) -> None:
    anna = _anna()
    _online(anna)
    _waiting_citizen()
    conversation = Conversation.objects.get()
    services.take_over(conversation, actor=anna)
    bo = staff_client(make_staff("bo_kff", "kff", ["front_desk"], "borgerservice"))
    assert bo.get(f"/medarbejder/chat/{conversation.pk}/").status_code == 403
    assert bo.post(f"/medarbejder/chat/{conversation.pk}/", {"text": "x"}).status_code == 403
    # Taking it again is refused with a message, not a second take-over.
    response = bo.post(f"/medarbejder/chat/{conversation.pk}/tag/", follow=True)
    assert "En anden medarbejder har taget samtalen" in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.staff == anna


def test_anonymous_visitors_are_sent_to_log_in(chat_open: Any) -> None:
    response = Client().get("/medarbejder/chat/")
    assert response.status_code == 302 and "/log-ind/" in response["Location"]
