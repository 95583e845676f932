from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from indgang.identity.models import CitizenRelation

# Tests with several threads need real commits. Flushing only these two apps'
# tables afterwards keeps the shared reference data (administrations, teams,
# the population) for the tests that follow in the same database.
threaded = pytest.mark.django_db(
    transaction=True,
    available_apps=["indgang.directory", "indgang.appointments", "indgang.notifications"],
)


@pytest.fixture(autouse=True)
def _notifications_sent_at_once(settings: Any) -> None:
    """Confirmations and reminders go out through a notifications task; run it at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def committed(transactional_db: None, django_db_serialized_rollback: None) -> Iterator[None]:
    yield
    CitizenRelation.objects.filter(object_ref__startswith="booking:").delete()
