from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from indgang.conftest import make_staff
from indgang.registers.synthetic import Population

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _tasks_at_once(settings: Any) -> None:
    settings.TASKS = IMMEDIATE
    settings.SMS_GATEWAY = "outbox"


@pytest.fixture
def administrator(population: Population) -> User:
    return make_staff("ada_okf", "okf", ["administrator"], None)
