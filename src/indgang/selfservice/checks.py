"""System checks: the built-in service definitions must be valid."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.checks import CheckMessage, Error, register

from indgang.selfservice import engine

DEFINITIONS = Path(__file__).resolve().parent / "definitions"


@register()
def check_built_in_definitions(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for path in sorted(DEFINITIONS.glob("*.json")):
        try:
            problems = engine.problems(json.loads(path.read_text()))
        except ValueError as exc:
            problems = [str(exc)]
        for problem in problems:
            errors.append(
                Error(f"{path.name}: {problem}", id="selfservice.E001", obj="selfservice")
            )
    return errors
