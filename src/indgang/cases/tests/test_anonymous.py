"""The contact form without login: general questions only, no CPR, rate-limited."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.test import Client

from indgang.cases import services
from indgang.cases.constants import CaseChannel, CaseState
from indgang.cases.models import Case

pytestmark = pytest.mark.django_db

QUESTION = "Hvornår bliver storskrald hentet i min gade på Amager?"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def test_a_visitor_who_is_not_logged_in_gets_the_general_question_form(routing):
    page = Client().get("/kontakt/skriv/").content.decode()
    assert "Stil et generelt spørgsmål" in page
    assert "Skriv ikke dit CPR-nummer" in page
    assert "/log-ind/" in page  # the way to the secure form


def test_an_anonymous_question_becomes_a_routed_case_without_a_citizen(routing):
    response = Client().post("/kontakt/skriv/", {"text": QUESTION, "email": "svar@eksempel.dk"})
    assert response.status_code == 302 and response["Location"] == "/kontakt/skriv/sendt/"
    case = Case.objects.get()
    assert (case.cpr, case.citizen_key, case.channel) == ("", "", CaseChannel.ANONYMOUS_FORM)
    assert case.reply_email == "svar@eksempel.dk"
    assert case.administration_id == "tmf" and case.state == CaseState.ROUTED


def test_the_reply_address_is_optional_and_checked(routing):
    client = Client()
    response = client.post("/kontakt/skriv/", {"text": QUESTION, "email": "ikke en adresse"})
    assert response.status_code == 200
    assert "Skriv en gyldig e-mailadresse" in response.content.decode()
    assert QUESTION in response.content.decode()  # nothing typed is lost
    assert client.post("/kontakt/skriv/", {"text": QUESTION}).status_code == 302


def test_a_cpr_number_in_the_text_is_refused(routing):
    response = Client().post("/kontakt/skriv/", {"text": f"Mit cpr er 010203-1234. {QUESTION}"})
    assert response.status_code == 200
    assert "Fjern CPR-nummeret" in response.content.decode()
    assert not Case.objects.exists()


def test_the_length_limit_is_stricter_than_for_logged_in_citizens(routing):
    response = Client().post("/kontakt/skriv/", {"text": "a " * 600})
    assert response.status_code == 200
    assert "højst 1000 tegn" in response.content.decode()
    assert not Case.objects.exists()


def test_a_bot_filling_the_honeypot_sees_success_but_nothing_is_stored(routing):
    response = Client().post("/kontakt/skriv/", {"text": QUESTION, "website": "http://spam"})
    assert response.status_code == 302
    assert not Case.objects.exists()


def test_too_many_questions_from_one_address_are_refused_for_an_hour(routing, settings):
    settings.CASES_ANONYMOUS_PER_HOUR = 2
    client = Client()
    assert client.post("/kontakt/skriv/", {"text": QUESTION}).status_code == 302
    assert client.post("/kontakt/skriv/", {"text": QUESTION}).status_code == 302
    response = client.post("/kontakt/skriv/", {"text": QUESTION})
    assert response.status_code == 429
    assert "Vent en time" in response.content.decode()
    assert QUESTION in response.content.decode()
    assert Case.objects.count() == 2
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post("/kontakt/skriv/", {"text": QUESTION}).status_code == 302


def test_the_limit_holds_across_processes_sharing_redis(routing, settings):
    # Two web processes are two cache clients; with CACHE_URL they share one
    # counter, so a visitor cannot get round the limit by landing on another.
    from django.core.cache.backends.redis import RedisCache

    location = "redis://127.0.0.1:6379/15"
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
        }
    }
    settings.CASES_ANONYMOUS_PER_HOUR = 1
    try:
        assert Client().post("/kontakt/skriv/", {"text": QUESTION}).status_code == 302
        other_process = RedisCache(location, {"KEY_PREFIX": prefix})
        stored = other_process._cache.get_client().keys(f"{prefix}:*")
        assert len(stored) == 1 and b"cases:anonymous:" in stored[0]
        assert Client().post("/kontakt/skriv/", {"text": QUESTION}).status_code == 429
    finally:
        cache.clear()


def test_anonymous_questions_are_never_linked_as_re_contacts(routing):
    first = services.create_case(cpr="", text=QUESTION, channel=CaseChannel.ANONYMOUS_FORM)
    second = services.create_case(cpr="", text=QUESTION, channel=CaseChannel.ANONYMOUS_FORM)
    assert first.topic_id == second.topic_id
    assert second.earlier_case is None


def test_a_contentless_anonymous_message_goes_to_triage(routing):
    Client().post("/kontakt/skriv/", {"text": "test test"})
    case = Case.objects.get()
    assert case.administration_id is None and case.state == CaseState.RECEIVED


def test_a_logged_in_citizen_still_gets_the_secure_form(routing, citizen_client):
    page = citizen_client.get("/kontakt/skriv/").content.decode()
    assert "Stil et generelt spørgsmål" not in page
    assert 'name="topic"' in page


def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(routing, settings):
    settings.CASES_ANONYMOUS_PER_HOUR = 1
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    def ask(forwarded_for: str) -> int:
        response = Client().post(
            "/kontakt/skriv/", {"text": QUESTION}, HTTP_X_FORWARDED_FOR=forwarded_for, **proxy
        )
        return response.status_code

    assert ask("203.0.113.1") == 302
    assert ask("203.0.113.2") == 302  # someone else behind the same proxy
    # A made-up address in front of the real one does not give a fresh limit.
    assert ask("198.51.100.9, 203.0.113.1") == 429
