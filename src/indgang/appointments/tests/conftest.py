from __future__ import annotations

from collections.abc import Iterator

import pytest

from indgang.identity.models import CitizenRelation

# Tests with several threads need real commits. Flushing only these two apps'
# tables afterwards keeps the shared reference data (administrations, teams,
# the population) for the tests that follow in the same database.
threaded = pytest.mark.django_db(
    transaction=True, available_apps=["indgang.directory", "indgang.appointments"]
)


@pytest.fixture
def committed(transactional_db: None) -> Iterator[None]:
    yield
    CitizenRelation.objects.filter(object_ref__startswith="booking:").delete()
