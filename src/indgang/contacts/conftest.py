"""Fixtures for the contact register's tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def topics(population: object) -> None:
    """Case topics (no classifier): cases created with a topic route by it."""
    from indgang.cases.routing import router

    router.load_reference_data()


@pytest.fixture
def catalogue(population: object) -> None:
    from indgang.catalogue.demo import load_catalogue

    load_catalogue()
