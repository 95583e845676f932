"""Contentless text is never auto-routed: it waits in triage."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from indgang.cases import services
from indgang.cases.constants import CaseState
from indgang.cases.routing import router

pytestmark = pytest.mark.django_db

CONTENTLESS = [
    "hej",
    "?",
    "test",
    "Hej!",
    "hej hej",
    "testing 123",
    "...",
    "Hello, I have a question",
    "Jeg har et spørgsmål",
    "Kan I hjælpe mig?",
    "mvh",
    "",
]


@pytest.mark.parametrize("text", CONTENTLESS)
def test_contentless_text_is_never_auto_routed(routing, text):
    result = router.route(text)
    assert (result.auto, result.administration) == (False, None)


@pytest.mark.parametrize(
    "text", ["storskrald", "rotter i gården", "Mit pas er udløbet", "hjemløs og har brug for hjælp"]
)
def test_short_inquiries_with_content_are_still_routed(routing, text):
    assert router.informative(text)
    assert router.route(text).auto


def test_a_contentless_case_waits_in_triage(routing, parent_cpr):
    case = services.create_case(cpr=parent_cpr, text="hej")
    assert case.administration_id is None and case.state == CaseState.RECEIVED


def test_the_route_command_reports_contentless_lines_as_not_auto(routing, monkeypatch):
    lines = "\n".join(json.dumps({"text": t}) for t in ["test", "?", "storskrald på fortovet"])
    monkeypatch.setattr("sys.stdin", StringIO(lines + "\n"))
    out = StringIO()
    call_command("route", stdout=out)
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["auto"] for r in results] == [False, False, True]
    assert results[0]["administration"] is None
