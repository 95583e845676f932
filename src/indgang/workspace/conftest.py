"""Personas for the workspace: one per role, plus another administration's."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from indgang.cases.conftest import ensure_routing
from indgang.conftest import make_staff


@pytest.fixture
def routing(population: Any) -> None:
    ensure_routing()


@pytest.fixture
def editor_kff(population: Any) -> User:
    return make_staff("eva_kff", "kff", ["editor"], "borgerservice")


@pytest.fixture
def editor_tmf(population: Any) -> User:
    return make_staff("emil_tmf", "tmf", ["editor"], "veje")


@pytest.fixture
def administrator(population: Any) -> User:
    return make_staff("ida_okf", "okf", ["administrator"], None)
