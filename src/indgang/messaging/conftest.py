"""Fixtures for the messaging tests: a routed case, its caseworkers, templates."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from indgang.cases import services as cases
from indgang.cases.models import Case, Topic
from indgang.cases.routing import router
from indgang.conftest import make_staff
from indgang.messaging.demo import load_reply_templates

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n% test\n" + b"0" * 64


@pytest.fixture
def topics(population: Any) -> None:
    if not Topic.objects.exists():
        router.load_reference_data()


@pytest.fixture
def templates(population: Any) -> None:
    load_reply_templates()


@pytest.fixture
def case(topics: None, parent_cpr: str) -> Case:
    """A parking question from the logged-in citizen, routed to tmf's parking team."""
    return cases.create_case(
        cpr=parent_cpr,
        citizen_name="Testborger",
        text="Jeg har fået en parkeringsafgift, men jeg havde en gyldig licens.",
        topic_slug="parkering",
    )


@pytest.fixture
def tmf_client(caseworker_tmf: User) -> Client:
    client = Client()
    client.force_login(caseworker_tmf)
    return client


@pytest.fixture
def sof_client(caseworker_sof: User) -> Client:
    client = Client()
    client.force_login(caseworker_sof)
    return client


@pytest.fixture
def other_citizen_client(other_cpr: str) -> Client:
    client = Client()
    response = client.post("/log-ind/test/", {"cpr": other_cpr, "next": "/min-side/"})
    assert response.status_code == 302
    return client


@pytest.fixture
def tmf_colleague(population: Any) -> User:
    return make_staff("tage_tmf", "tmf", ["caseworker"], "parkering")
