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


def set_chat_hours(hours: str) -> None:
    """The contact centre's chat hours (its phone hours in the directory)."""
    from django.conf import settings

    from indgang.directory.models import ContactPoint

    ContactPoint.objects.filter(unit__slug=settings.ASSISTANT_STAFF_UNIT, kind="phone").update(
        hours=hours
    )


ALWAYS = "Mo-Su,PH 00:00-24:00"


@pytest.fixture
def chat_open(content: Any) -> None:
    set_chat_hours(ALWAYS)


@pytest.fixture
def chat_closed(content: Any) -> None:
    set_chat_hours("")
