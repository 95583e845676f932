"""Routing reference data and one trained classifier per test session."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from indgang.cases.models import RoutingModel, Topic
from indgang.cases.routing import classifier, router
from indgang.conftest import load_reference_data


@functools.cache
def trained_router() -> classifier.TrainedRouter:
    # The full design (classifier, KLE memory, thresholds) without the
    # held-out evaluation: half the training time. Trained for the shipped
    # Copenhagen map, before any test adds corrections.
    return router.train(held_out=False)


def ensure_routing() -> None:
    if not Topic.objects.exists():
        # An earlier transactional test in this worker may have flushed the
        # administrations and teams the topics hang on.
        load_reference_data()
        router.load_reference_data()
    if not RoutingModel.objects.filter(active=True).exists():
        router.store(trained_router())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        ensure_routing()


@pytest.fixture
def routing(population: Any) -> None:
    """Topics, rules and an active model, restored after a transactional flush."""
    ensure_routing()
