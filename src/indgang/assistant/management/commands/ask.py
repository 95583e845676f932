"""indgang ask: JSON lines in, JSON lines out — the answer an anonymous citizen gets on /spoerg/."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand

from indgang.assistant import answers
from indgang.catalogue import queries as catalogue
from indgang.catalogue.demo import load_catalogue
from indgang.core import municipality
from indgang.directory import queries as directory
from indgang.directory.demo import load_directory


class Command(BaseCommand):
    help = (
        'Answer questions: reads JSON lines {"question": "...", "lang": "da"|"en"} on standard '
        'input and writes one JSON line per question: {"answer", "sources", "confident", '
        '"handoff"}. Loads the demo catalogue and directory if the database has none.'
    )
    # A short command (cron, scripts): the system checks run in `indgang serve` and `indgang check`.
    requires_system_checks: list[str] = []  # type: ignore[assignment]

    def handle(self, *args: Any, **options: Any) -> None:
        self._ensure_content()
        answers.warm_up()  # the index and first-use loading, before the first question
        out = sys.stdout  # plain lines, no styling
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            out.write(json.dumps(self._answer(line, number), ensure_ascii=False) + "\n")
            out.flush()

    def _answer(self, line: str, number: int) -> dict[str, Any]:
        try:
            request = json.loads(line)
        except json.JSONDecodeError as error:
            return {"error": f"line {number}: not JSON ({error.msg})"}
        if not isinstance(request, dict) or not isinstance(request.get("question"), str):
            return {"error": f'line {number}: expected {{"question": "..."}}'}
        lang = request.get("lang")
        if lang is not None and lang not in ("da", "en"):
            return {"error": f'line {number}: "lang" must be "da" or "en"'}
        return answers.answer(request["question"], lang=lang).as_contract()

    def _ensure_content(self) -> None:
        if catalogue.services().exists() and directory.public_units().exists():
            return
        municipality.ensure_default()  # administrations and teams the services belong to
        units, services = load_directory(), load_catalogue()
        self.stderr.write(
            f"Loaded the demo directory ({units} units) and catalogue ({services} services)."
        )
