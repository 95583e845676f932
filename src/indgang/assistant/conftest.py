"""Fixtures for Spørg kommunen: the demo directory and catalogue, and routing for hand-offs."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from indgang.cases.conftest import django_db_setup, ensure_routing  # noqa: F401


@pytest.fixture
def content(population: Any) -> None:
    from indgang.catalogue.demo import load_catalogue
    from indgang.directory.demo import load_directory

    load_directory()
    load_catalogue()


@pytest.fixture
def routing(population: Any) -> None:
    ensure_routing()


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> Any:
    cache.clear()
    yield
    cache.clear()
