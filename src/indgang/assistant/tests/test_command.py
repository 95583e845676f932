"""`indgang ask`: JSON lines in, one JSON line out per question, on a fresh database."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from indgang.catalogue.models import Service

pytestmark = pytest.mark.django_db


def _ask(monkeypatch: Any, capsys: Any, lines: list[str]) -> list[dict[str, Any]]:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    call_command("ask")
    out = capsys.readouterr().out
    return [json.loads(line) for line in out.splitlines()]


def test_ask_answers_json_lines_on_a_freshly_migrated_database(
    monkeypatch: Any, capsys: Any
) -> None:
    assert not Service.objects.exists()  # nothing loaded: the command loads the demo content
    results = _ask(
        monkeypatch,
        capsys,
        [
            json.dumps({"question": "hvordan skifter jeg laege"}),
            json.dumps({"question": "How do I renew my passport?", "lang": "en"}),
            json.dumps({"question": "Min årsopgørelse er forkert"}),
            "not json",
            json.dumps({"question": "Hej"}),
        ],
    )
    assert len(results) == 5
    for result in (results[0], results[1], results[2], results[4]):
        assert set(result) == {"answer", "sources", "confident", "handoff"}
    assert results[0]["sources"] == [{"title": "Lægeskift", "url": "/ydelser/laegeskift/"}]
    assert results[0]["confident"] is True and results[0]["handoff"] is False
    assert "Adults DKK 743" in results[1]["answer"]
    assert "Skattestyrelsen" in results[2]["answer"]
    assert results[3] == {"error": "line 4: not JSON (Expecting value)"}
    assert results[4]["confident"] is False and results[4]["handoff"] is True
    assert Service.objects.count() >= 80


def test_ask_gives_the_same_answer_as_the_page(content: Any, monkeypatch: Any, capsys: Any) -> None:
    from indgang.assistant.models import Turn

    question = "Hvad koster en ny sundhedskort?"
    [result] = _ask(monkeypatch, capsys, [json.dumps({"question": question})])
    Client().post("/spoerg/", {"question": question})
    turn = Turn.objects.get()
    assert turn.answer == result["answer"]
    assert turn.sources == result["sources"]
    assert turn.confident == result["confident"]
